namespace Fpx.Host.Scheduling;

/// <summary>Counters the compute thread keeps (written by it alone; read racily for <c>stats</c>, which is fine for monotonic counters).</summary>
internal sealed class SchedulerCounters
{
    public long Passes;
    public long Decided;
    public long Batched;
    public long MaxBatch;
    public long Expired;
    public long Cancelled;
    public long Failed;
    public long SessionOps;
    public long SlowWakeups;
    public long Degraded;
    public long Warmup;
    public long ShadowSampled;
    public long ShadowRun;
    public long ShadowDropped;
}
