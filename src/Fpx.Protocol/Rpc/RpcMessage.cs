using System.Buffers;
using System.Text;

namespace Fpx.Protocol.Rpc;

/// <summary>
/// One parsed MessagePack-RPC message: a request <c>[0, msgid, method, params]</c>, a response
/// <c>[1, msgid, error, result]</c> or a notification <c>[2, method, params]</c>. Parsing checks
/// the envelope only and copies nothing: the method, params, error and result are slices of the
/// frame, valid as long as the frame's buffer is.
/// </summary>
/// <remarks>
/// Two failure tiers stay apart: <see cref="TryParse"/> returning false means the frame is not
/// a valid message (a protocol error); a <see cref="MessagePackException"/> or
/// <see cref="RpcException"/> thrown while the handler reads <see cref="Params"/> means a
/// well-formed request with bad params (answer <c>bad_request</c>, keep the connection).
/// </remarks>
public readonly partial struct RpcMessage
{
    private RpcMessage(
        RpcMessageType type,
        uint messageId,
        ReadOnlySequence<byte> method,
        ReadOnlySequence<byte> @params,
        int paramsCount,
        ReadOnlySequence<byte> error,
        ReadOnlySequence<byte> result)
    {
        Type = type;
        MessageId = messageId;
        Method = method;
        Params = @params;
        ParamsCount = paramsCount;
        Error = error;
        Result = result;
    }

    /// <summary>Request, response or notification.</summary>
    public RpcMessageType Type { get; }

    /// <summary>The msgid of a request or response; 0 for a notification.</summary>
    public uint MessageId { get; }

    /// <summary>The method name of a request or notification: validated UTF-8 without the str header.</summary>
    public ReadOnlySequence<byte> Method { get; }

    /// <summary>The params of a request or notification: one encoded array, header included.</summary>
    public ReadOnlySequence<byte> Params { get; }

    /// <summary>Number of elements of <see cref="Params"/>.</summary>
    public int ParamsCount { get; }

    /// <summary>The error of a response: one encoded value (nil on success).</summary>
    public ReadOnlySequence<byte> Error { get; }

    /// <summary>The result of a response: one encoded value.</summary>
    public ReadOnlySequence<byte> Result { get; }

    /// <summary>True for a response whose error is not nil.</summary>
    public bool IsError =>
        Type == RpcMessageType.Response
        && new SequenceReader<byte>(Error).TryPeek(out byte code) // a slice may start with an empty segment
        && code != MessagePackCode.Nil;

    /// <summary>Compares the method name with UTF-8 bytes, without allocating (e.g. <c>MethodEquals("decide"u8)</c>).</summary>
    /// <param name="utf8Name">The name to compare with.</param>
    /// <returns>True when equal.</returns>
    public bool MethodEquals(ReadOnlySpan<byte> utf8Name) => BytesEqual(Method, utf8Name);

    private static bool BytesEqual(in ReadOnlySequence<byte> bytes, ReadOnlySpan<byte> other)
    {
        if (bytes.IsSingleSegment)
        {
            return bytes.FirstSpan.SequenceEqual(other);
        }

        return bytes.Length == other.Length && new SequenceReader<byte>(bytes).IsNext(other);
    }

    /// <summary>The method name as a string (allocates; for logs and error messages).</summary>
    /// <returns>The name.</returns>
    public string GetMethodName() => Encoding.UTF8.GetString(Method);

    /// <summary>A reader over <see cref="Params"/>, positioned at its array header.</summary>
    /// <param name="limits">Limits for untrusted input; <see cref="MessagePackLimits.Default"/> when null.</param>
    /// <returns>The reader.</returns>
    public MessagePackReader CreateParamsReader(MessagePackLimits? limits = null) => new(Params, limits);

    /// <summary>A reader over <see cref="Result"/>.</summary>
    /// <param name="limits">Limits for untrusted input; <see cref="MessagePackLimits.Default"/> when null.</param>
    /// <returns>The reader.</returns>
    public MessagePackReader CreateResultReader(MessagePackLimits? limits = null) => new(Result, limits);

    /// <summary>
    /// Reads a response's error in Fpx's shape <c>{"code": str, "message": str}</c> (other keys
    /// are ignored). Allocates the two strings.
    /// </summary>
    /// <param name="code">The code, when present.</param>
    /// <param name="message">The message, or an empty string when absent.</param>
    /// <returns>False when this is not an error response or the error has no str code.</returns>
    public bool TryGetError(out string code, out string message)
    {
        code = string.Empty;
        message = string.Empty;
        if (!IsError)
        {
            return false;
        }

        try
        {
            var reader = new MessagePackReader(Error);
            if (reader.PeekType() != MessagePackType.Map)
            {
                return false;
            }

            bool hasCode = false;
            for (int i = reader.ReadMapHeader(); i > 0; i--)
            {
                bool isCode = false, isMessage = false;
                if (reader.PeekType() == MessagePackType.String)
                {
                    ReadOnlySequence<byte> key = reader.ReadStringSequence();
                    isCode = BytesEqual(key, "code"u8);
                    isMessage = BytesEqual(key, "message"u8);
                }
                else
                {
                    reader.Skip();
                }

                if ((isCode || isMessage) && reader.PeekType() == MessagePackType.String)
                {
                    string text = reader.ReadString();
                    (code, message, hasCode) = isCode ? (text, message, true) : (code, text, hasCode);
                }
                else
                {
                    reader.Skip();
                }
            }

            return hasCode;
        }
        catch (MessagePackException)
        {
            return false;
        }
    }
}
