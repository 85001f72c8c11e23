namespace Fpx.Protocol;

/// <summary>
/// MessagePack input was malformed, exceeded a limit, or did not hold the type asked for.
/// Carries a stable <see cref="Kind"/> and the byte <see cref="Offset"/> where it happened,
/// so that a server can map it to a <c>bad_request</c> error and a tool can point at the byte.
/// </summary>
public sealed class MessagePackException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">Why the input was rejected.</param>
    /// <param name="offset">Byte offset, from the start of the data being read, where it happened.</param>
    /// <param name="message">A human-readable explanation; the offset is appended to it.</param>
    public MessagePackException(MessagePackErrorKind kind, long offset, string message)
        : base($"{message} (at byte offset {offset})")
    {
        Kind = kind;
        Offset = offset;
        Reason = message;
    }

    /// <summary>Why the input was rejected.</summary>
    public MessagePackErrorKind Kind { get; }

    /// <summary>Byte offset, from the start of the data being read, of the offending token or byte.</summary>
    public long Offset { get; }

    /// <summary>The explanation without the offset.</summary>
    public string Reason { get; }
}
