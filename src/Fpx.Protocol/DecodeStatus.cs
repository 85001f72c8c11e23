namespace Fpx.Protocol;

/// <summary>Outcome of a non-throwing decode step over bytes received so far.</summary>
public enum DecodeStatus : byte
{
    /// <summary>The token or value was decoded completely.</summary>
    Success = 0,
    /// <summary>The bytes end before the token or value does; more data may complete it.</summary>
    NeedMoreData = 1,
    /// <summary>The bytes can never form a valid token or value, whatever follows.</summary>
    Malformed = 2,
}
