using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Fpx.Client;
using Fpx.Host.Backend;
using Fpx.Host.Server;
using Fpx.Host.Tasks;

namespace Fpx.Bench;

/// <summary>
/// The host's steady-state request path in process, over loopback TCP: a client and a host with
/// the fake backend at zero compute. The memory diagnoser's Allocated column is process-wide
/// (client, connection loops, scheduler, compute thread), so "-" means the whole round trip
/// allocates nothing. Run: dotnet run -c Release --project bench/Fpx.Bench -- --filter '*HostBenchmarks*'
/// </summary>
[Config(typeof(BenchConfig))]
public class HostBenchmarks
{
    private FpxServer _server = null!;
    private FakeBackend _backend = null!;
    private FpxClient _client = null!;
    private DecideRequest _request;

    [GlobalSetup]
    public async Task Setup()
    {
        _backend = new FakeBackend(new FakeBackendOptions { Mode = FakeComputeMode.Virtual, Variants = FakeVariant.DefaultLadder(0) });
        _server = new FpxServer(new ServerOptions { Port = 0 }, _backend, TaskCatalog.CreateDemo());
        await _server.StartAsync();
        _client = await FpxClient.ConnectAsync(new FpxClientOptions { Port = _server.LocalEndPoint!.Port, RunContinuationsAsynchronously = false });
        _request = new DecideRequest { Task = "demo", Tokens = new[] { 1, 2, 3, 4, 5, 6, 7, 8 }, BudgetMicroseconds = 1_000_000, ProbabilityBuffer = new float[4] };
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
        _backend.Dispose();
    }

    /// <summary>One ping round trip.</summary>
    [Benchmark]
    public ValueTask Ping() => _client.PingAsync();

    /// <summary>One decide round trip (parse, admit, EDF queue, compute thread, response).</summary>
    /// <remarks>A pooling builder, so the benchmark's own async method does not allocate a Task per call.</remarks>
    [Benchmark]
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> Decide() => (await _client.DecideAsync(_request)).Action;

    /// <summary>Eight decides pipelined on one connection (batched by the scheduler when they share a variant).</summary>
    [Benchmark(OperationsPerInvoke = 8)]
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> DecidePipelined8()
    {
        ValueTask<Decision> a = _client.DecideAsync(_request), b = _client.DecideAsync(_request), c = _client.DecideAsync(_request), d = _client.DecideAsync(_request);
        ValueTask<Decision> e = _client.DecideAsync(_request), f = _client.DecideAsync(_request), g = _client.DecideAsync(_request), h = _client.DecideAsync(_request);
        return (await a).Action + (await b).Action + (await c).Action + (await d).Action + (await e).Action + (await f).Action + (await g).Action + (await h).Action;
    }
}
