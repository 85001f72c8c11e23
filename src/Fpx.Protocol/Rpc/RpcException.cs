namespace Fpx.Protocol.Rpc;

/// <summary>
/// A request failed in a way the caller should hear about: the host turns it into an error
/// response with <see cref="Code"/> and keeps the connection (a request error, not a protocol
/// error).
/// </summary>
public sealed class RpcException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">One of <see cref="RpcErrorCodes"/>.</param>
    /// <param name="message">A human-readable message for the error response.</param>
    /// <param name="innerException">The cause, if any.</param>
    public RpcException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        Code = code;
    }

    /// <summary>The stable error code.</summary>
    public string Code { get; }
}
