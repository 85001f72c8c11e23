namespace Fpx.Host.Scheduling;

/// <summary>Settings of the <see cref="Scheduler"/>, validated at construction.</summary>
public sealed class SchedulerOptions
{
    private readonly int _intakeCapacity = 4096;
    private readonly int _maxBatchSize = 16;
    private readonly double _batchItemCost = 1.0;
    private readonly TimeSpan _drainTimeout = TimeSpan.FromSeconds(5);
    private readonly TimeSpan _sessionOpBudget = TimeSpan.FromSeconds(1);
    private readonly int _warmupPasses = 40;
    private readonly TimeSpan _warmupTime = TimeSpan.FromSeconds(1.5);
    private readonly double _shadowFraction = 0.02;
    private readonly TimeSpan _idleSpin = TimeSpan.FromMicroseconds(50);

    /// <summary>Requests the intake holds before new ones get <c>overloaded</c>. Range 1..1,000,000; default 4096.</summary>
    public int IntakeCapacity
    {
        get => _intakeCapacity;
        init => _intakeCapacity = Check(value, 1, 1_000_000);
    }

    /// <summary>Most requests in one backend pass. Range 1..256; default 16.</summary>
    public int MaxBatchSize
    {
        get => _maxBatchSize;
        init => _maxBatchSize = Check(value, 1, 256);
    }

    /// <summary>
    /// Cost of each extra request in a batch, as a fraction of a single pass, used to predict batch
    /// times (0..1; default 1, linear, which batches only when even a linear cost keeps the deadlines).
    /// </summary>
    public double BatchItemCost
    {
        get => _batchItemCost;
        init => _batchItemCost = value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(BatchItemCost), value, "BatchItemCost must be in [0, 1].");
    }

    /// <summary>How long a stop lets queued work finish before answering the rest <c>cancelled</c>. Range 0..10 min; default 5 s.</summary>
    public TimeSpan DrainTimeout
    {
        get => _drainTimeout;
        init => _drainTimeout = Check(value, TimeSpan.Zero, TimeSpan.FromMinutes(10));
    }

    /// <summary>
    /// The EDF deadline given to session operations (which carry no budget), so they are neither
    /// starved nor allowed to jump ahead of urgent decisions. Range 1 ms..1 min; default 1 s.
    /// </summary>
    public TimeSpan SessionOpBudget
    {
        get => _sessionOpBudget;
        init => _sessionOpBudget = Check(value, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1));
    }

    /// <summary>
    /// Measured warm-up rounds at start: each runs every variant's decide once and is recorded as
    /// live latency (the host's p99 and the policy's predictor, which trusts a cell after 32
    /// samples). Range 0..1000; default 40.
    /// </summary>
    public int WarmupPasses
    {
        get => _warmupPasses;
        init => _warmupPasses = Check(value, 0, 1000);
    }

    /// <summary>
    /// How long the unmeasured warm-up before the measured rounds may run: every variant's decide
    /// and session paths, round after round, in two bursts separated by quiet pauses of 120 ms, so
    /// that tiered compilation promotes the runtime's code to tier 1 before the host serves (it needs
    /// about 30 calls of a method and then 100 ms without new tier-0 compilations). A cheap backend
    /// stops earlier, after 100 rounds per burst. Zero skips this phase and its pauses (tests).
    /// Range 0..60 s; default 1.5 s.
    /// </summary>
    public TimeSpan WarmupTime
    {
        get => _warmupTime;
        init => _warmupTime = Check(value, TimeSpan.Zero, TimeSpan.FromMinutes(1));
    }

    /// <summary>
    /// Share of stateless requests served by a variant other than fp16 that are also run on fp16,
    /// when the compute thread has nothing else to do, to measure live agreement (stats). 0 turns
    /// shadows off. Range 0..1; default 0.02.
    /// </summary>
    public double ShadowFraction
    {
        get => _shadowFraction;
        init => _shadowFraction = value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(ShadowFraction), value, "ShadowFraction must be in [0, 1].");
    }

    /// <summary>
    /// How long the idle compute thread polls the intake before it blocks. Waking a blocked thread
    /// costs a futex call and, on a busy machine, a scheduling delay of up to milliseconds; polling
    /// briefly catches requests that arrive close together at the cost of some CPU. Range 0..10 ms;
    /// default 50 µs (0 blocks at once).
    /// </summary>
    public TimeSpan IdleSpin
    {
        get => _idleSpin;
        init => _idleSpin = Check(value, TimeSpan.Zero, TimeSpan.FromMilliseconds(10));
    }

    private static int Check(int value, int min, int max, [System.Runtime.CompilerServices.CallerMemberName] string name = "") =>
        value >= min && value <= max ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [{min}, {max}].");

    private static TimeSpan Check(TimeSpan value, TimeSpan min, TimeSpan max, [System.Runtime.CompilerServices.CallerMemberName] string name = "") =>
        value >= min && value <= max ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [{min}, {max}].");
}
