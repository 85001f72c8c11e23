using Fpx.Host.Backend;
using Fpx.Host.Tests.Support;
using Fpx.Protocol.Rpc;

namespace Fpx.Host.Tests.Server;

public class ShutdownTests
{
    [Fact]
    public async Task Stop_answers_every_request_read_then_closes()
    {
        // 200 us of (spun) compute per pass, so a backlog is still queued when the stop comes.
        var variants = new[] { new FakeVariant(new VariantInfo("only", 8, 1, 0), TimeSpan.FromMicroseconds(200), TimeSpan.Zero) };
        await using TestHost host = await TestHost.StartAsync(o => o.With(maxInFlight: 1024), new FakeBackendOptions { Variants = variants, Mode = FakeComputeMode.Spin });
        const int PerConnection = 300;
        RawClient[] clients = [host.Connect(), host.Connect()];
        foreach (RawClient client in clients)
        {
            client.Send([.. Enumerable.Range(0, PerConnection).Select(i => Msg.Request((uint)i, i % 10 == 0 ? "ping" : "decide", Msg.DecideParams("demo", [i], 30_000_000)))]);
        }

        await EndToEndTests.Eventually(() => host.Server.Counters.Requests >= 2 * PerConnection);
        Task stopping = host.Server.StopAsync();
        int answered = 0, decisions = 0, cancelled = 0;
        foreach (RawClient client in clients)
        {
            var seen = new HashSet<uint>();
            for (int i = 0; i < PerConnection; i++)
            {
                Frame frame = client.Receive(TimeSpan.FromSeconds(20)) ?? throw new Xunit.Sdk.XunitException($"closed after {seen.Count} answers");
                Assert.True(seen.Add(frame.MessageId));
                answered++;
                if (frame.ErrorCode is null)
                {
                    decisions++;
                }
                else
                {
                    Assert.Equal(RpcErrorCodes.Cancelled, frame.ErrorCode);
                    cancelled++;
                }
            }

            Assert.True(client.WaitClosed(TimeSpan.FromSeconds(10)));
            client.Dispose();
        }

        await stopping;
        Assert.Equal(2 * PerConnection, answered);
        Assert.Equal(2 * PerConnection, decisions + cancelled);
        Assert.Equal(2 * PerConnection, host.Server.Counters.Responses);
    }

    [Fact]
    public async Task After_stop_new_connections_are_not_served()
    {
        TestHost host = await TestHost.StartAsync();
        System.Net.IPEndPoint endPoint = host.EndPoint;
        await host.DisposeAsync();
        Assert.ThrowsAny<System.Net.Sockets.SocketException>(() => new RawClient(endPoint));
    }
}
