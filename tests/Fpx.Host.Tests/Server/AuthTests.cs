using System.Net;
using System.Text;
using Fpx.Host.Backend;
using Fpx.Host.Server;
using Fpx.Host.Tasks;
using Fpx.Host.Tests.Support;
using Fpx.Protocol.Rpc;

namespace Fpx.Host.Tests.Server;

public class AuthTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("correct horse battery staple");

    [Fact]
    public void Any_address_but_loopback_needs_a_secret()
    {
        using var backend = new FakeBackend();
        var open = new ServerOptions { Bind = IPAddress.Any, Port = 0 };
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => new FpxServer(open, backend, TaskCatalog.CreateDemo()));
        Assert.Contains("secret", e.Message);
        _ = new FpxServer(new ServerOptions { Bind = IPAddress.Any, Port = 0, Secret = Secret }, backend, TaskCatalog.CreateDemo());
        _ = new FpxServer(new ServerOptions { Bind = IPAddress.IPv6Loopback, Port = 0 }, backend, TaskCatalog.CreateDemo());
        Assert.Throws<ArgumentException>(() => new ServerOptions { Secret = [1, 2, 3] });
    }

    [Fact]
    public async Task Anything_before_auth_is_refused_and_closed()
    {
        await using TestHost host = await TestHost.StartAsync(o => o.With(secret: Secret));
        using (RawClient client = host.Connect())
        {
            Assert.Equal(RpcErrorCodes.Unauthorized, client.Call(1, "ping").ErrorCode);
            Assert.True(client.WaitClosed(TimeSpan.FromSeconds(5)));
        }

        using (RawClient client = host.Connect())
        {
            client.Send(Msg.Notification("cancel", 1L));
            Assert.Equal(RpcErrorCodes.Unauthorized, client.Receive()!.ErrorCode);
            Assert.True(client.WaitClosed(TimeSpan.FromSeconds(5)));
        }
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_and_closed_and_never_logged()
    {
        var log = new CapturingLog();
        using var backend = new FakeBackend(new FakeBackendOptions { Mode = FakeComputeMode.Virtual });
        await using var server = new FpxServer(new ServerOptions { Port = 0, Secret = Secret, Scheduler = TestHost.QuickScheduler() }, backend, TaskCatalog.CreateDemo(), log: log);
        await server.StartAsync();
        using (var client = new RawClient(server.LocalEndPoint!))
        {
            Assert.Equal(RpcErrorCodes.Unauthorized, client.Call(1, "auth", "wrong secret guess").ErrorCode);
            Assert.True(client.WaitClosed(TimeSpan.FromSeconds(5)));
        }

        using (var client = new RawClient(server.LocalEndPoint!))
        {
            Assert.Equal(true, client.Call(1, "auth", "correct horse battery staple").Result);
            Assert.Equal("pong", client.Call(2, "ping").Result);
        }

        Assert.DoesNotContain("correct horse", log.Text);
        Assert.DoesNotContain("wrong secret guess", log.Text);
        Assert.Contains("wrong secret", log.Text);
    }

    [Fact]
    public async Task The_secret_may_be_bin_and_auth_has_a_timeout()
    {
        await using TestHost host = await TestHost.StartAsync(o => o.With(secret: Secret, authTimeout: TimeSpan.FromSeconds(1)));
        using (RawClient client = host.Connect())
        {
            Assert.Equal(true, client.Call(1, "auth", Secret).Result);
            Assert.Equal("pong", client.Call(2, "ping").Result);
        }

        using RawClient idle = host.Connect();
        Assert.True(idle.WaitClosed(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Without_a_secret_auth_always_succeeds()
    {
        await using TestHost host = await TestHost.StartAsync();
        using RawClient client = host.Connect();
        Assert.Equal(true, client.Call(1, "auth", "anything").Result);
    }

    private sealed class CapturingLog : HostLog
    {
        private readonly StringBuilder _text = new();

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public override bool IsEnabled(HostLogLevel level) => true;

        protected override void Write(HostLogLevel level, string message)
        {
            lock (_text)
            {
                _text.AppendLine(message);
            }
        }
    }
}
