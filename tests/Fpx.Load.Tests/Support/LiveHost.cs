using System.Net;
using Fpx.Client;
using Fpx.Host.Backend;
using Fpx.Host.Scheduling;
using Fpx.Host.Server;
using Fpx.Host.Tasks;

[assembly: CollectionBehavior(DisableTestParallelization = true)] // live-host tests share 2 cores: one at a time

namespace Fpx.Load.Tests.Support;

/// <summary>An in-process host on a loopback port (a free one unless given) with the fake backend.</summary>
public sealed class LiveHost : IAsyncDisposable
{
    private LiveHost(FpxServer server, FakeBackend backend)
    {
        Server = server;
        Backend = backend;
    }

    public FpxServer Server { get; }

    public FakeBackend Backend { get; }

    public int Port => Server.LocalEndPoint!.Port;

    public string Address => $"127.0.0.1:{Port}";

    /// <summary>
    /// Starts a host. Default fake: the standard ladder at <paramref name="scale"/> (fp16 400 µs,
    /// fp8 200, fpx-g0.30 150, fp4 100 at scale 1), spinning (precise; burns the core only while computing).
    /// </summary>
    public static async Task<LiveHost> StartAsync(
        double scale = 0.2,
        FakeComputeMode mode = FakeComputeMode.Spin,
        int port = 0,
        string? profiles = null,
        Func<ServerOptions, ServerOptions>? configure = null,
        SchedulerOptions? scheduler = null)
    {
        var backend = new FakeBackend(new FakeBackendOptions { Variants = FakeVariant.DefaultLadder(scale), Mode = mode });
        var options = new ServerOptions { Port = port, Scheduler = scheduler ?? new SchedulerOptions { WarmupPasses = 2 } };
        options = configure?.Invoke(options) ?? options;
        var server = new FpxServer(options, backend, TaskCatalog.Demo, new ProfileStore(profiles, TaskCatalog.Demo));
        await server.StartAsync();
        return new LiveHost(server, backend);
    }

    public FpxClientOptions ClientOptions(bool inline = true) => new() { Host = "127.0.0.1", Port = Port, RunContinuationsAsynchronously = !inline };

    public Task<FpxClient> ConnectAsync(bool inline = true) => FpxClient.ConnectAsync(ClientOptions(inline));

    public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Backend.Dispose();
    }
}

/// <summary>The host's counters through the <c>stats</c> method, as deltas around a run (the stats calls themselves subtracted).</summary>
public sealed record HostCounts(long Requests, long Responses, IReadOnlyDictionary<string, long> Errors)
{
    public static async Task<HostCounts> ReadAsync(FpxClient client)
    {
        IReadOnlyDictionary<string, object?> stats = await client.GetStatsAsync();
        var errors = ((Dictionary<string, object?>)stats["errors"]!).ToDictionary(p => p.Key, p => Convert.ToInt64(p.Value));
        return new HostCounts(Convert.ToInt64(stats["requests"]), Convert.ToInt64(stats["responses"]), errors);
    }

    /// <summary>What happened between two readings, less the stats calls: a reading counts its own request but not its own response.</summary>
    public HostCounts Since(HostCounts before) => new(
        Requests - before.Requests - 1,
        Responses - before.Responses - 1,
        Errors.ToDictionary(p => p.Key, p => p.Value - before.Errors.GetValueOrDefault(p.Key)));

    public long Error(string code) => Errors.GetValueOrDefault(code);
}

/// <summary>Copies ServerOptions with changes (its properties are init-only).</summary>
public static class ServerOptionsExtensions
{
    public static ServerOptions With(this ServerOptions o, TimeSpan? slowReader = null, long? maxOutbound = null) => new()
    {
        Bind = o.Bind,
        Port = o.Port,
        Secret = o.Secret,
        Limits = o.Limits,
        MaxConnections = o.MaxConnections,
        MaxInFlightPerConnection = o.MaxInFlightPerConnection,
        MaxTokensPerRequest = o.MaxTokensPerRequest,
        MaxSessionsPerConnection = o.MaxSessionsPerConnection,
        MaxBudget = o.MaxBudget,
        IdleTimeout = o.IdleTimeout,
        AuthTimeout = o.AuthTimeout,
        SlowReaderTimeout = slowReader ?? o.SlowReaderTimeout,
        MaxOutboundBytes = maxOutbound ?? o.MaxOutboundBytes,
        ShutdownTimeout = o.ShutdownTimeout,
        Scheduler = o.Scheduler,
        TimeProvider = o.TimeProvider,
    };
}
