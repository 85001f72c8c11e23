using System.Buffers;
using Fpx.Protocol.Rpc;
using Fpx.Protocol.Tests.Support;
using static Fpx.Protocol.Tests.Support.MsgValue;

namespace Fpx.Protocol.Tests.Rpc;

public sealed class RpcMessageTests
{
    private static RpcMessage Parse(byte[] frame) => Parse(new ReadOnlySequence<byte>(frame));

    private static RpcMessage Parse(ReadOnlySequence<byte> frame)
    {
        bool ok = RpcMessage.TryParse(frame, null, out RpcMessage message, out RpcFrameError error);
        Assert.True(ok, error.ToString());
        return message;
    }

    private static RpcFrameError Reject(byte[] frame)
    {
        Assert.False(RpcMessage.TryParse(new ReadOnlySequence<byte>(frame), null, out _, out RpcFrameError error));
        return error;
    }

    [Fact]
    public void Parses_a_request_and_its_params()
    {
        byte[] frame = MsgCodec.Encode(Arr(Int(0), Int(7), Str("decide"), Arr(Map((Str("budget_us"), Int(2500))), Str("x"))));
        RpcMessage message = Parse(frame);
        Assert.Equal(RpcMessageType.Request, message.Type);
        Assert.Equal(7u, message.MessageId);
        Assert.True(message.MethodEquals("decide"u8));
        Assert.False(message.MethodEquals("decid"u8));
        Assert.False(message.MethodEquals("decides"u8));
        Assert.Equal("decide", message.GetMethodName());
        Assert.Equal(2, message.ParamsCount);

        MessagePackReader reader = message.CreateParamsReader();
        Assert.Equal(2, reader.ReadArrayHeader());
        Assert.Equal(1, reader.ReadMapHeader());
        Assert.Equal("budget_us", reader.ReadString());
        Assert.Equal(2500, reader.ReadInt64());
        Assert.Equal("x", reader.ReadString());
        Assert.True(reader.End);
    }

    [Fact]
    public void Parses_when_every_byte_is_its_own_segment()
    {
        byte[] frame = MsgCodec.Encode(Arr(Int(0), UInt(uint.MaxValue), Str("decide"), Arr()));
        RpcMessage message = Parse(Segments.OneBytePerSegment(frame));
        Assert.Equal(uint.MaxValue, message.MessageId);
        Assert.True(message.MethodEquals("decide"u8));
        Assert.False(message.MethodEquals("decida"u8));
        Assert.Equal(0, message.ParamsCount);

        byte[] response = MsgCodec.Encode(Arr(Int(1), Int(3), Map((Str("code"), Str("internal"))), Nil));
        RpcMessage failed = Parse(Segments.OneBytePerSegment(response));
        Assert.True(failed.IsError);
        Assert.True(failed.TryGetError(out string code, out string text));
        Assert.Equal(("internal", string.Empty), (code, text));
        Assert.False(Parse(Segments.OneBytePerSegment(MsgCodec.Encode(Arr(Int(1), Int(3), Nil, Nil)))).IsError);
    }

    [Fact]
    public void Parses_notifications_and_responses()
    {
        RpcMessage notification = Parse(MsgCodec.Encode(Arr(Int(2), Str("tick"), Arr(Int(1)))));
        Assert.Equal(RpcMessageType.Notification, notification.Type);
        Assert.True(notification.MethodEquals("tick"u8));
        Assert.Equal(1, notification.ParamsCount);

        RpcMessage ok = Parse(MsgCodec.Encode(Arr(Int(1), Int(3), Nil, Map((Str("action"), Int(2))))));
        Assert.Equal(RpcMessageType.Response, ok.Type);
        Assert.False(ok.IsError);
        Assert.False(ok.TryGetError(out _, out _));
        MessagePackReader result = ok.CreateResultReader();
        Assert.Equal(1, result.ReadMapHeader());

        RpcMessage failed = Parse(MsgCodec.Encode(Arr(Int(1), Int(4), Map((Str("code"), Str("expired")), (Str("message"), Str("late"))), Nil)));
        Assert.True(failed.IsError);
        Assert.True(failed.TryGetError(out string code, out string message));
        Assert.Equal(("expired", "late"), (code, message));
    }

    [Fact]
    public void Msgid_accepts_any_int_format_within_uint32()
    {
        Assert.Equal(7u, Parse(Hex.Bytes("94 00 cf0000000000000007 a16d 90")).MessageId);
        Assert.Equal(0u, Parse(Hex.Bytes("94 00 d000 a16d 90")).MessageId);
    }

    public static TheoryData<string, RpcFrameErrorKind, bool> Malformed => new()
    {
        { "81a16d90", RpcFrameErrorKind.NotAnArray, false },
        { "93 00 01 a16d", RpcFrameErrorKind.WrongArity, false },
        { "95 00 01 a16d 90 c0", RpcFrameErrorKind.WrongArity, false },
        { "93 01 01 c0", RpcFrameErrorKind.WrongArity, false },
        { "94 02 a16d 90 c0", RpcFrameErrorKind.WrongArity, false },
        { "94 03 01 a16d 90", RpcFrameErrorKind.UnknownMessageType, false },
        { "94 ff 01 a16d 90", RpcFrameErrorKind.UnknownMessageType, false },
        { "94 a130 01 a16d 90", RpcFrameErrorKind.UnknownMessageType, false },
        { "94 cfffffffffffffffff 01 a16d 90", RpcFrameErrorKind.UnknownMessageType, false },
        { "94 00 a131 a16d 90", RpcFrameErrorKind.InvalidMessageId, false },
        { "94 00 ff a16d 90", RpcFrameErrorKind.InvalidMessageId, false },
        { "94 00 cf0000000100000000 a16d 90", RpcFrameErrorKind.InvalidMessageId, false },
        { "94 00 cfffffffffffffffff a16d 90", RpcFrameErrorKind.InvalidMessageId, false },
        { "94 00 05 05 90", RpcFrameErrorKind.InvalidMethod, true },
        { "94 00 05 a2c328 90", RpcFrameErrorKind.InvalidMethod, true },
        { "94 00 05 a16d 80", RpcFrameErrorKind.ParamsNotArray, true },
        { "94 00 05 a16d c0", RpcFrameErrorKind.ParamsNotArray, true },
        { "94 00 05 a16d 90 01", RpcFrameErrorKind.TrailingBytes, true },
        { "94 00 05 a16d 92 01", RpcFrameErrorKind.MalformedMessagePack, true },
        { "94 00 05 a16d 91 c1", RpcFrameErrorKind.MalformedMessagePack, true },
        { "94 01 05 c0", RpcFrameErrorKind.MalformedMessagePack, false },
        { "93 02 a16d 80", RpcFrameErrorKind.ParamsNotArray, false },
        { "", RpcFrameErrorKind.NotAnArray, false },
        { "c1", RpcFrameErrorKind.NotAnArray, false },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Rejects_malformed_envelopes_and_says_whether_the_msgid_is_known(string hex, RpcFrameErrorKind kind, bool hasId)
    {
        RpcFrameError error = Reject(Hex.Bytes(hex));
        Assert.Equal(kind, error.Kind);
        Assert.Equal(hasId, error.HasMessageId);
        if (hasId)
        {
            Assert.Equal(5u, error.MessageId);
        }

        Assert.False(string.IsNullOrEmpty(error.Reason));
        Assert.Contains(kind.ToString(), error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_UTF8_method_carries_the_MessagePack_error_and_offset()
    {
        RpcFrameError error = Reject(Hex.Bytes("94 00 05 a2c328 90"));
        Assert.Equal(MessagePackErrorKind.InvalidUtf8, error.MessagePackError);
        Assert.Equal(4, error.Offset);
    }

    [Fact]
    public void Bad_params_are_a_request_error_not_a_frame_error()
    {
        // A well-formed envelope whose params are wrong for the method: TryParse succeeds, and the
        // handler's read fails with a MessagePackException, which the host answers with bad_request.
        RpcMessage message = Parse(MsgCodec.Encode(Arr(Int(0), Int(9), Str("decide"), Arr(Str("not a map")))));
        MessagePackException e = Assert.Throws<MessagePackException>(() =>
        {
            MessagePackReader reader = message.CreateParamsReader();
            reader.ReadArrayHeader();
            reader.ReadMapHeader();
        });
        Assert.Equal(MessagePackErrorKind.TypeMismatch, e.Kind);
    }

    [Fact]
    public void Parsing_and_dispatching_a_request_allocates_nothing()
    {
        byte[] frame = MsgCodec.Encode(Arr(Int(0), Int(77), Str("decide"), Arr(Int(2500), Str("trading"), F32(0.5f))));
        var sequence = new ReadOnlySequence<byte>(frame);
        long checksum = Dispatch(sequence);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            checksum += Dispatch(sequence);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1001 * (2500 + 77 + 7), checksum);

        static long Dispatch(ReadOnlySequence<byte> frame)
        {
            if (!RpcMessage.TryParse(frame, null, out RpcMessage message, out _) || !message.MethodEquals("decide"u8))
            {
                return -1;
            }

            MessagePackReader reader = message.CreateParamsReader();
            reader.ReadArrayHeader();
            long budget = reader.ReadInt64();
            reader.TryReadStringSpan(out ReadOnlySpan<byte> task);
            reader.ReadSingle();
            return budget + message.MessageId + task.Length;
        }
    }
}
