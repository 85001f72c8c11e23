using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Fpx.Bench;

/// <summary>
/// Short, bounded runs (the machine has 2 cores and is shared): 3 warmups and 10 measured
/// iterations per case, with the memory diagnoser so allocations per call show in every table.
/// </summary>
public sealed class BenchConfig : ManualConfig
{
    public BenchConfig()
    {
        AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(10).WithLaunchCount(1));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
