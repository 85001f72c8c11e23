namespace Fpx.Protocol.Rpc;

/// <summary>
/// Writes MessagePack-RPC envelopes. Header methods write everything up to the payload, which
/// the caller then writes with the same <see cref="MessagePackWriter"/>.
/// </summary>
public static class RpcWriter
{
    /// <summary>Writes <c>[0, msgid, method, </c> and the params array header; <paramref name="paramsCount"/> values must follow.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="messageId">The msgid.</param>
    /// <param name="methodUtf8">The method name in UTF-8.</param>
    /// <param name="paramsCount">Number of params.</param>
    public static void WriteRequestHeader(ref MessagePackWriter writer, uint messageId, scoped ReadOnlySpan<byte> methodUtf8, int paramsCount)
    {
        writer.WriteArrayHeader(4);
        writer.Write((ulong)RpcMessageType.Request);
        writer.Write((ulong)messageId);
        writer.WriteString(methodUtf8);
        writer.WriteArrayHeader(paramsCount);
    }

    /// <summary>Writes <c>[2, method, </c> and the params array header; <paramref name="paramsCount"/> values must follow.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="methodUtf8">The method name in UTF-8.</param>
    /// <param name="paramsCount">Number of params.</param>
    public static void WriteNotificationHeader(ref MessagePackWriter writer, scoped ReadOnlySpan<byte> methodUtf8, int paramsCount)
    {
        writer.WriteArrayHeader(3);
        writer.Write((ulong)RpcMessageType.Notification);
        writer.WriteString(methodUtf8);
        writer.WriteArrayHeader(paramsCount);
    }

    /// <summary>Writes <c>[1, msgid, nil, </c>; exactly one result value must follow.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="messageId">The msgid of the request answered.</param>
    public static void WriteResultHeader(ref MessagePackWriter writer, uint messageId)
    {
        writer.WriteArrayHeader(4);
        writer.Write((ulong)RpcMessageType.Response);
        writer.Write((ulong)messageId);
        writer.WriteNil();
    }

    /// <summary>Writes a whole error response <c>[1, msgid, {"code": code, "message": message}, nil]</c>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="messageId">The msgid of the request answered.</param>
    /// <param name="code">One of <see cref="RpcErrorCodes"/>.</param>
    /// <param name="message">A human-readable message.</param>
    public static void WriteError(ref MessagePackWriter writer, uint messageId, string code, string message)
    {
        writer.WriteArrayHeader(4);
        writer.Write((ulong)RpcMessageType.Response);
        writer.Write((ulong)messageId);
        WriteErrorValue(ref writer, code, message);
        writer.WriteNil();
    }

    /// <summary>Writes the error map <c>{"code": code, "message": message}</c> alone (e.g. inside a notification).</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="code">One of <see cref="RpcErrorCodes"/>.</param>
    /// <param name="message">A human-readable message.</param>
    public static void WriteErrorValue(ref MessagePackWriter writer, string code, string message)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        ArgumentNullException.ThrowIfNull(message);
        writer.WriteMapHeader(2);
        writer.WriteString("code"u8);
        writer.WriteString(code);
        writer.WriteString("message"u8);
        writer.WriteString(message);
    }
}
