using System.Net;
using Fpx.Host.Backend;
using Fpx.Host.Scheduling;
using Fpx.Host.Server;
using Fpx.Host.Tasks;
using Fpx.Policy.Profiles;

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
        var options = new ServerOptions { Port = 0, Scheduler = QuickScheduler() };
        options = configure?.Invoke(options) ?? options;
        var server = new FpxServer(options, fake, tasks ?? DemoTasksFor(fake.Variants));
        await server.StartAsync();
        return new TestHost(server, fake);
    }

    public RawClient Connect() => new(EndPoint);

    /// <summary>The demo tasks, with profiles that list the backend's variants when they are not the demo ladder (quality 1 - 0.02 x rank).</summary>
    public static TaskCatalog DemoTasksFor(IReadOnlyList<VariantInfo> variants)
    {
        if (variants.Select(v => v.Name).SequenceEqual(FakeVariant.DefaultLadder().Select(v => v.Info.Name)))
        {
            return TaskCatalog.CreateDemo();
        }

        return TaskCatalog.FromProfiles(DemoProfiles.All.Select(d => new TaskProfile(
            d.Task, d.ActionTokens, variants.Select(v => new KeyValuePair<string, VariantProfile>(v.Name, new VariantProfile(1 - (0.02 * v.QualityRank)))),
            d.PlanningQuantile, d.Utility, d.OnMiss)));
    }

    /// <summary>
    /// Scheduler settings for tests: no unmeasured warm-up (the fake needs no JIT warm-up and tests
    /// should start fast), enough measured rounds for the predictor to trust them, no shadows.
    /// </summary>
    public static SchedulerOptions QuickScheduler(int warmupPasses = 40, double shadowFraction = 0, TimeSpan? idleSpin = null) =>
        new() { WarmupTime = TimeSpan.Zero, WarmupPasses = warmupPasses, ShadowFraction = shadowFraction, IdleSpin = idleSpin ?? TimeSpan.FromMicroseconds(50) };

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
