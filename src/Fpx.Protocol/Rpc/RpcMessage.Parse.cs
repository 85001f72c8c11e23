using System.Buffers;

namespace Fpx.Protocol.Rpc;

// Envelope parsing (MessagePack-RPC spec, "Messages"). Wrong types are detected by peeking, so
// the common envelope mistakes do not throw internally; only bytes that are not valid
// MessagePack (which the frame scanner normally rejects first) go through an exception.
public readonly partial struct RpcMessage
{
    /// <summary>Parses one frame (as cut by <see cref="MessagePackFrameScanner"/>) as an RPC message.</summary>
    /// <param name="frame">Exactly one MessagePack value.</param>
    /// <param name="limits">Limits for untrusted input; <see cref="MessagePackLimits.Default"/> when null.</param>
    /// <param name="message">The message, when the result is true.</param>
    /// <param name="error">Why the frame was rejected, when the result is false.</param>
    /// <returns>True for a well-formed request, response or notification.</returns>
    public static bool TryParse(in ReadOnlySequence<byte> frame, MessagePackLimits? limits, out RpcMessage message, out RpcFrameError error)
    {
        var reader = new MessagePackReader(frame, limits);
        uint? messageId = null;
        try
        {
            return ParseEnvelope(ref reader, ref messageId, out message, out error);
        }
        catch (MessagePackException e)
        {
            message = default;
            error = new RpcFrameError(RpcFrameErrorKind.MalformedMessagePack, e.Offset, e.Reason, e.Kind, messageId);
            return false;
        }
    }

    private static bool ParseEnvelope(ref MessagePackReader reader, ref uint? messageId, out RpcMessage message, out RpcFrameError error)
    {
        message = default;
        if (reader.End || reader.PeekType() != MessagePackType.Array)
        {
            return Fail(out error, RpcFrameErrorKind.NotAnArray, reader.Consumed, "A MessagePack-RPC message is an array", null);
        }

        int count = reader.ReadArrayHeader();
        if (count is < 3 or > 4)
        {
            return Fail(out error, RpcFrameErrorKind.WrongArity, 0, $"A MessagePack-RPC message has 3 or 4 elements, not {count}", null);
        }

        long typeOffset = reader.Consumed;
        if (reader.PeekType() != MessagePackType.Integer || reader.PeekCode() == MessagePackCode.UInt64)
        {
            return Fail(out error, RpcFrameErrorKind.UnknownMessageType, typeOffset, "The message type must be 0, 1 or 2", null);
        }

        long type = reader.ReadInt64();
        int expected = type switch { 0 or 1 => 4, 2 => 3, _ => -1 };
        if (expected < 0)
        {
            return Fail(out error, RpcFrameErrorKind.UnknownMessageType, typeOffset, $"The message type must be 0, 1 or 2, not {type}", null);
        }

        if (count != expected)
        {
            return Fail(out error, RpcFrameErrorKind.WrongArity, 0, $"A message of type {type} has {expected} elements, not {count}", null);
        }

        uint id = 0;
        if (type != 2)
        {
            long idOffset = reader.Consumed;
            if (!TryReadMessageId(ref reader, out id))
            {
                return Fail(out error, RpcFrameErrorKind.InvalidMessageId, idOffset, "The msgid must be an integer in [0, 2^32-1]", null);
            }

            if (type == 0)
            {
                messageId = id;
            }
        }

        ReadOnlySequence<byte> method = default, @params = default, errorValue = default, result = default;
        int paramsCount = 0;
        if (type == 1)
        {
            errorValue = reader.ReadRaw();
            result = reader.ReadRaw();
        }
        else
        {
            long methodOffset = reader.Consumed;
            if (reader.PeekType() != MessagePackType.String)
            {
                return Fail(out error, RpcFrameErrorKind.InvalidMethod, methodOffset, "The method must be a str", messageId);
            }

            try
            {
                method = reader.ReadStringSequence();
            }
            catch (MessagePackException e) when (e.Kind == MessagePackErrorKind.InvalidUtf8)
            {
                error = new RpcFrameError(RpcFrameErrorKind.InvalidMethod, e.Offset, e.Reason, e.Kind, messageId);
                return false;
            }

            long paramsOffset = reader.Consumed;
            if (reader.PeekType() != MessagePackType.Array)
            {
                return Fail(out error, RpcFrameErrorKind.ParamsNotArray, paramsOffset, "The params must be an array", messageId);
            }

            MessagePackReader probe = reader;
            paramsCount = probe.ReadArrayHeader();
            @params = reader.ReadRaw();
        }

        if (!reader.End)
        {
            return Fail(out error, RpcFrameErrorKind.TrailingBytes, reader.Consumed, "Bytes follow the message inside the frame", messageId);
        }

        message = new RpcMessage((RpcMessageType)type, id, method, @params, paramsCount, errorValue, result);
        error = default;
        return true;
    }

    private static bool TryReadMessageId(ref MessagePackReader reader, out uint id)
    {
        id = 0;
        if (reader.PeekType() != MessagePackType.Integer)
        {
            return false;
        }

        if (reader.PeekCode() == MessagePackCode.UInt64)
        {
            ulong wide = reader.ReadUInt64();
            id = (uint)wide;
            return wide <= uint.MaxValue;
        }

        long value = reader.ReadInt64();
        id = (uint)value;
        return value is >= 0 and <= uint.MaxValue;
    }

    private static bool Fail(out RpcFrameError error, RpcFrameErrorKind kind, long offset, string reason, uint? messageId)
    {
        error = new RpcFrameError(kind, offset, reason, null, messageId);
        return false;
    }
}
