namespace Fpx.Host.Scheduling;

/// <summary>Settings of the <see cref="Scheduler"/>, validated at construction.</summary>
public sealed class SchedulerOptions
{
    private readonly int _intakeCapacity = 4096;
    private readonly int _maxBatchSize = 16;
    private readonly double _batchItemCost = 1.0;
    private readonly TimeSpan _drainTimeout = TimeSpan.FromSeconds(5);
    private readonly TimeSpan _sessionOpBudget = TimeSpan.FromSeconds(1);
    private readonly int _warmupPasses = 4;
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

    /// <summary>Passes per variant run at start to seed the latency estimates. Range 0..100; default 4.</summary>
    public int WarmupPasses
    {
        get => _warmupPasses;
        init => _warmupPasses = Check(value, 0, 100);
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
