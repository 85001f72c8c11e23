using System.Net;
using Fpx.Host.Backend;
using Fpx.Host.Scheduling;
using Fpx.Host.Server;
using Fpx.Host.Tasks;

namespace Fpx.Host.Tests.Support;

/// <summary>An in-process host on a free loopback port with the fake backend.</summary>
public sealed class TestHost : IAsyncDisposable
{
    private TestHost(FpxServer server, FakeBackend backend)
    {
        Server = server;
        Backend = backend;
    }

    public FpxServer Server { get; }

    public FakeBackend Backend { get; }

    public IPEndPoint EndPoint => Server.LocalEndPoint!;

    public int Port => EndPoint.Port;

    /// <summary>Default: virtual compute (reports the ladder's times without waiting), so tests are fast and budgets are met.</summary>
    public static async Task<TestHost> StartAsync(Func<ServerOptions, ServerOptions>? configure = null, FakeBackendOptions? backend = null, TaskCatalog? tasks = null)
    {
        var fake = new FakeBackend(backend ?? new FakeBackendOptions { Mode = FakeComputeMode.Virtual });
        var options = new ServerOptions { Port = 0, Scheduler = new SchedulerOptions { WarmupPasses = 2 } };
        options = configure?.Invoke(options) ?? options;
        var server = new FpxServer(options, fake, tasks ?? TaskCatalog.Demo);
        await server.StartAsync();
        return new TestHost(server, fake);
    }

    public RawClient Connect() => new(EndPoint);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Backend.Dispose();
    }
}

/// <summary>Copies ServerOptions with changes (its properties are init-only).</summary>
public static class ServerOptionsExtensions
{
    public static ServerOptions With(
        this ServerOptions o,
        int? maxConnections = null,
        int? maxInFlight = null,
        TimeSpan? idle = null,
        TimeSpan? slowReader = null,
        long? maxOutbound = null,
        byte[]? secret = null,
        SchedulerOptions? scheduler = null,
        Fpx.Protocol.MessagePackLimits? limits = null,
        TimeSpan? authTimeout = null) => new()
        {
            Bind = o.Bind,
            Port = o.Port,
            Secret = secret ?? o.Secret,
            Limits = limits ?? o.Limits,
            MaxConnections = maxConnections ?? o.MaxConnections,
            MaxInFlightPerConnection = maxInFlight ?? o.MaxInFlightPerConnection,
            MaxTokensPerRequest = o.MaxTokensPerRequest,
            MaxSessionsPerConnection = o.MaxSessionsPerConnection,
            MaxBudget = o.MaxBudget,
            IdleTimeout = idle ?? o.IdleTimeout,
            AuthTimeout = authTimeout ?? o.AuthTimeout,
            SlowReaderTimeout = slowReader ?? o.SlowReaderTimeout,
            MaxOutboundBytes = maxOutbound ?? o.MaxOutboundBytes,
            ShutdownTimeout = o.ShutdownTimeout,
            Scheduler = scheduler ?? o.Scheduler,
            TimeProvider = o.TimeProvider,
        };
}
