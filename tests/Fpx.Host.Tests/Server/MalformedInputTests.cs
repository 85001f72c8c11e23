using System.Net.Sockets;
using System.Text;
using Fpx.Host.Tests.Support;
using Fpx.Protocol.Rpc;

namespace Fpx.Host.Tests.Server;

/// <summary>
/// A corpus of hostile input thrown at a live host over TCP. Each case checks the tier the host
/// chose (error frame and close, or error response and stay), then that the host still answers
/// a fresh connection correctly.
/// </summary>
public class MalformedInputTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty));

    public static TheoryData<string, byte[]> ProtocolErrors() => new()
    {
        { "array 32 claiming 2^32-1 elements", Hex("dd ffffffff 00") },
        { "map 32 claiming 2^32-1 pairs", Hex("df ffffffff") },
        { "str 32 claiming 4 GiB", Hex("db ffffffff 41") },
        { "bin 32 claiming 4 GiB", Hex("c6 ffffffff") },
        { "ext 32 claiming 4 GiB", Hex("c9 ffffffff 01") },
        { "reserved byte 0xc1", Hex("c1") },
        { "nesting 100 deep", [.. Enumerable.Repeat((byte)0x91, 100), 0xc0] },
        { "not an array", Msg.Encode(new Dictionary<string, object?> { ["a"] = 1L }) },
        { "a response from the client", Msg.Encode(new object?[] { 1L, 1L, null, null }) },
        { "wrong arity", Msg.Encode(new object?[] { 0L, 1L, "ping" }) },
        { "negative msgid", Msg.Encode(new object?[] { 0L, -1L, "ping", Array.Empty<object?>() }) },
        { "unknown message type", Msg.Encode(new object?[] { 7L, 1L, "ping", Array.Empty<object?>() }) },
        { "frame over 512 KiB", Msg.Request(1, "profile.put", "demo", new string('x', 600_000)) },
        { "scalar top-level value", Hex("2a") },
    };

    [Theory]
    [MemberData(nameof(ProtocolErrors))]
    public async Task Protocol_errors_get_an_error_frame_then_a_close(string name, byte[] bytes)
    {
        await using TestHost host = await TestHost.StartAsync();
        using (RawClient client = host.Connect())
        {
            client.Send(bytes);
            Frame? frame = client.Receive();
            Assert.True(frame is not null, name);
            Assert.Equal(2, frame!.Type);
            Assert.Equal("error", frame.Method);
            Assert.Equal(RpcErrorCodes.BadRequest, frame.ErrorCode);
            Assert.True(client.WaitClosed(TimeSpan.FromSeconds(5)), name);
        }

        Expected.Healthy(host);
    }

    public static TheoryData<string, byte[]> RequestErrors() => new()
    {
        { "invalid UTF-8 method", Encoding.Latin1.GetBytes("\x94\x00\x05\xa2\xff\xfe\x90") },
        { "invalid UTF-8 task", Msg.Request(5, "decide", new Dictionary<string, object?> { ["task"] = "x", ["tokens"] = new object?[] { 1L }, ["budget_us"] = 5L }) is var b ? Patch(b, "x"u8.ToArray(), [0xff]) : [] },
        { "params not an array", Msg.Encode(new object?[] { 0L, 5L, "ping", 3L }) },
        { "params a map", Msg.Encode(new object?[] { 0L, 5L, "decide", new Dictionary<string, object?>() }) },
        { "decide params a string", Msg.Request(5, "decide", "demo") },
        { "token id out of int range", Msg.Request(5, "decide", new Dictionary<string, object?> { ["task"] = "demo", ["tokens"] = new object?[] { 1L << 40 }, ["budget_us"] = 5L }) },
        { "auth on an open host with a number", Msg.Request(5, "auth", 12L) },
    };

    private static byte[] Patch(byte[] bytes, byte[] find, byte[] replace)
    {
        int at = bytes.AsSpan().IndexOf(find);
        byte[] copy = [.. bytes];
        replace.CopyTo(copy, at);
        return copy;
    }

    [Theory]
    [MemberData(nameof(RequestErrors))]
    public async Task Request_errors_get_bad_request_and_the_connection_stays(string name, byte[] bytes)
    {
        await using TestHost host = await TestHost.StartAsync();
        using RawClient client = host.Connect();
        client.Send(bytes);
        Frame frame = client.Receive()!;
        Assert.True(frame.Type == 1 && frame.MessageId == 5, name);
        Assert.Equal(RpcErrorCodes.BadRequest, frame.ErrorCode);
        Assert.Equal("pong", client.Call(6, "ping").Result);
        Expected.Healthy(host);
    }

    [Fact]
    public async Task Random_bytes_never_hurt_the_host()
    {
        await using TestHost host = await TestHost.StartAsync();
        var random = new Random(20261122);
        for (int i = 0; i < 40; i++)
        {
            byte[] bytes = new byte[random.Next(1, 300)];
            random.NextBytes(bytes);
            using RawClient client = host.Connect();
            client.Send(bytes);
            client.Socket.Shutdown(SocketShutdown.Send);
            Assert.True(client.WaitClosed(TimeSpan.FromSeconds(5)), $"case {i}");
        }

        Expected.Healthy(host);
        await EndToEndTests.Eventually(() => host.Server.ConnectionCount == 0);
    }

    [Fact]
    public async Task Truncated_frames_split_at_every_byte_still_parse_and_truncation_then_close_is_clean()
    {
        await using TestHost host = await TestHost.StartAsync();
        byte[] request = Msg.Request(9, "decide", Msg.DecideParams("demo", [1, 2, 3], 1_000_000, variant: "fp16"));
        using (RawClient client = host.Connect())
        {
            foreach (byte b in request)
            {
                client.Send([b]); // one byte per segment: the scanner rescans the partial frame each time
            }

            Assert.Equal(Expected.Probabilities("demo", [1, 2, 3]).Select(x => (double)x), Expected.AsDoubles(client.Receive()!.Map["probs"]));
        }

        using (RawClient client = host.Connect())
        {
            client.Send(request[..^1]);
            client.Socket.Shutdown(SocketShutdown.Send); // half-close mid-frame
            Assert.True(client.WaitClosed(TimeSpan.FromSeconds(5)));
        }

        Expected.Healthy(host);
    }

    [Fact]
    public async Task Half_open_and_silent_connections_are_closed_by_the_idle_timeout()
    {
        await using TestHost host = await TestHost.StartAsync(o => o.With(idle: TimeSpan.FromMilliseconds(200)));
        using RawClient silent = host.Connect();
        using RawClient partial = host.Connect();
        partial.Send(Msg.Request(1, "ping")[..3]);
        Assert.True(silent.WaitClosed(TimeSpan.FromSeconds(5)));
        Assert.True(partial.WaitClosed(TimeSpan.FromSeconds(5)));
        Expected.Healthy(host);
    }

    [Fact]
    public async Task A_client_that_never_reads_is_cut_off()
    {
        await using TestHost host = await TestHost.StartAsync(o => o.With(slowReader: TimeSpan.FromMilliseconds(300), maxOutbound: 64 * 1024));
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        socket.Connect(host.EndPoint);
        byte[] stats = Msg.Request(1, "stats");
        byte[] burst = [.. Enumerable.Range(0, 500).SelectMany(_ => stats)];
        var until = DateTime.UtcNow.AddSeconds(20);
        bool cut = false;
        while (!cut && DateTime.UtcNow < until)
        {
            try
            {
                socket.Send(burst);
                await Task.Delay(5);
            }
            catch (SocketException)
            {
                cut = true;
            }

            cut |= host.Server.ConnectionCount == 0;
        }

        socket.Dispose();
        Assert.True(cut, "the host kept a connection that never reads");
        Assert.True(host.Server.Counters.TimedOut >= 1);
        Expected.Healthy(host);
    }

    [Fact]
    public async Task Connections_over_the_limit_are_refused_with_overloaded()
    {
        await using TestHost host = await TestHost.StartAsync(o => o.With(maxConnections: 2));
        using RawClient a = host.Connect(), b = host.Connect();
        Assert.Equal("pong", a.Call(1, "ping").Result);
        Assert.Equal("pong", b.Call(1, "ping").Result);
        using RawClient c = host.Connect();
        Frame refused = c.Receive()!;
        Assert.Equal(RpcErrorCodes.Overloaded, refused.ErrorCode);
        Assert.True(c.WaitClosed(TimeSpan.FromSeconds(5)));
        a.Dispose();
        await EndToEndTests.Eventually(() => host.Server.ConnectionCount < 2);
        Expected.Healthy(host);
    }
}
