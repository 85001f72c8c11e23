using BenchmarkDotNet.Attributes;
using Fpx.Engine.Kernels;
using Fpx.Engine.Threading;

namespace Fpx.Bench;

/// <summary>
/// What splitting one job over the pool costs when the job itself is empty: the caller publishes,
/// the spinning worker picks it up, both finish, the caller sees the worker's completion.
/// Inline is the same empty kernel called directly.
/// </summary>
[Config(typeof(BenchConfig))]
public class DispatchBenchmarks
{
    private ComputePool _pool = null!;
    private MatMulArgs _args;

    [GlobalSetup]
    public void Setup() => _pool = new ComputePool(2);

    [GlobalCleanup]
    public void Cleanup() => _pool.Dispose();

    [Benchmark(Baseline = true)]
    public void Inline() => Empty(ref _args, 0, 8);

    [Benchmark]
    public void TwoThreads() => _pool.Run(Empty, ref _args, 8, 4, 2);

    private static void Empty(ref MatMulArgs args, int start, int end)
    {
    }
}
