namespace Fpx.Protocol.Rpc;

/// <summary>
/// Why <see cref="RpcMessage.TryParse"/> rejected a frame. When <see cref="HasMessageId"/> is
/// true the envelope got as far as a request's msgid, so the host can answer that msgid with a
/// <c>bad_request</c> error and keep the connection; otherwise it cannot answer anyone.
/// </summary>
public readonly struct RpcFrameError
{
    internal RpcFrameError(RpcFrameErrorKind kind, long offset, string reason, MessagePackErrorKind? messagePackError, uint? messageId)
    {
        Kind = kind;
        Offset = offset;
        Reason = reason;
        MessagePackError = messagePackError;
        HasMessageId = messageId.HasValue;
        MessageId = messageId.GetValueOrDefault();
    }

    /// <summary>What is wrong.</summary>
    public RpcFrameErrorKind Kind { get; }

    /// <summary>Byte offset in the frame where it was found.</summary>
    public long Offset { get; }

    /// <summary>A human-readable explanation.</summary>
    public string Reason { get; }

    /// <summary>The MessagePack error underneath, when <see cref="Kind"/> is <see cref="RpcFrameErrorKind.MalformedMessagePack"/> or the method is not UTF-8.</summary>
    public MessagePackErrorKind? MessagePackError { get; }

    /// <summary>True when the frame is a request whose msgid could be read.</summary>
    public bool HasMessageId { get; }

    /// <summary>The request's msgid when <see cref="HasMessageId"/>.</summary>
    public uint MessageId { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Kind} at byte offset {Offset}: {Reason}";
}
