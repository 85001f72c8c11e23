using System.Buffers;
using System.Text.RegularExpressions;
using Fpx.Protocol.Rpc;
using Fpx.Protocol.Tests.Support;

namespace Fpx.Protocol.Tests.Rpc;

public sealed class RpcWriterTests
{
    [Fact]
    public void Request_and_notification_headers()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        RpcWriter.WriteRequestHeader(ref writer, 7, "decide"u8, 1);
        writer.Write(2500L);
        RpcWriter.WriteNotificationHeader(ref writer, "tick"u8, 0);
        writer.Flush();
        Assert.Equal("940007a66465636964659 1cd09c4 9302a47469636b90".Replace(" ", string.Empty), Hex.Of(buffer.WrittenSpan));
    }

    [Fact]
    public void Result_and_error_responses_parse_back()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        RpcWriter.WriteResultHeader(ref writer, 12);
        writer.WriteString("ok");
        writer.Flush();
        Assert.Equal("94010cc0a26f6b", Hex.Of(buffer.WrittenSpan));
        Assert.True(RpcMessage.TryParse(new ReadOnlySequence<byte>(buffer.WrittenMemory), null, out RpcMessage ok, out _));
        Assert.False(ok.IsError);

        buffer.ResetWrittenCount();
        writer = new MessagePackWriter(buffer);
        RpcWriter.WriteError(ref writer, uint.MaxValue, RpcErrorCodes.Overloaded, "queue full");
        writer.Flush();
        Assert.True(RpcMessage.TryParse(new ReadOnlySequence<byte>(buffer.WrittenMemory), null, out RpcMessage failed, out _));
        Assert.Equal(uint.MaxValue, failed.MessageId);
        Assert.True(failed.TryGetError(out string code, out string message));
        Assert.Equal((RpcErrorCodes.Overloaded, "queue full"), (code, message));
        Assert.Equal(MsgValue.Nil, MsgCodec.Decode(failed.Result));
    }

    [Fact]
    public void Error_codes_are_stable_snake_case_and_distinct()
    {
        string[] expected =
        [
            "bad_request", "unknown_method", "unknown_task", "deadline_unreachable", "expired",
            "overloaded", "internal", "unauthorized", "cancelled",
        ];
        Assert.Equal(expected, RpcErrorCodes.All);
        Assert.All(RpcErrorCodes.All, code => Assert.Matches(new Regex("^[a-z]+(_[a-z]+)*$"), code));
        Assert.True(RpcErrorCodes.IsKnown("expired"));
        Assert.False(RpcErrorCodes.IsKnown("Expired"));
        Assert.False(RpcErrorCodes.IsKnown(null));
    }

    [Fact]
    public void RpcException_carries_its_code()
    {
        var e = new RpcException(RpcErrorCodes.UnknownTask, "no profile for 'chess'");
        Assert.Equal("unknown_task", e.Code);
        Assert.Throws<ArgumentException>(() => new RpcException(string.Empty, "x"));
    }
}
