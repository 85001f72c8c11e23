namespace Fpx.Policy.Latency;

/// <summary>Settings of a <see cref="LatencyPredictor"/>, checked when constructed.</summary>
public sealed class LatencyPredictorOptions
{
    /// <summary>Creates options; every argument has a default that suits a single compute thread.</summary>
    /// <param name="halfLifeSamples">
    /// Samples after which an old sample counts half (default 1024). The decayed histogram then
    /// holds about 2.9 × this many effective samples, about 30 of them above p99 at the default.
    /// </param>
    /// <param name="halfLifeTime">
    /// Time after which an old sample counts half, so that a rarely used variant still forgets a
    /// past load (default 60 s); <see cref="Timeout.InfiniteTimeSpan"/> turns decay by time off.
    /// </param>
    /// <param name="minSamples">
    /// Live samples a (variant, length bucket, batch) cell needs before it is trusted over the
    /// fallbacks (default 32).
    /// </param>
    /// <param name="maxTokens">Longest input the predictor accepts, tokens (default 65536).</param>
    /// <param name="maxBatch">Largest batch the predictor accepts (default 64).</param>
    /// <param name="queueReferenceQuantile">
    /// The quantile whose distance from the mean defines a queued item's tail-equivalent variance
    /// in <see cref="QueueLoad"/> (default 0.99; see <see cref="LatencyPredictor.TryEstimateWork"/>).
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public LatencyPredictorOptions(
        double halfLifeSamples = 1024,
        TimeSpan? halfLifeTime = null,
        int minSamples = 32,
        int maxTokens = 65536,
        int maxBatch = 64,
        double queueReferenceQuantile = 0.99)
    {
        if (!(halfLifeSamples >= 1))
        {
            ThrowHelper.ThrowOutOfRange(nameof(halfLifeSamples), halfLifeSamples, "must be >= 1 (or +infinity for no decay)");
        }

        TimeSpan time = halfLifeTime ?? TimeSpan.FromSeconds(60);
        if (time != Timeout.InfiniteTimeSpan && time <= TimeSpan.Zero)
        {
            ThrowHelper.ThrowOutOfRange(nameof(halfLifeTime), time, "must be > 0 or infinite");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(minSamples, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxTokens, 1 << 30);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBatch, 4096);
        if (!(queueReferenceQuantile > 0.5 && queueReferenceQuantile < 1))
        {
            ThrowHelper.ThrowOutOfRange(nameof(queueReferenceQuantile), queueReferenceQuantile, "must be in (0.5, 1)");
        }

        HalfLifeSamples = halfLifeSamples;
        HalfLifeTime = time;
        MinSamples = minSamples;
        MaxTokens = maxTokens;
        MaxBatch = maxBatch;
        QueueReferenceQuantile = queueReferenceQuantile;
    }

    /// <summary>The defaults.</summary>
    public static LatencyPredictorOptions Default { get; } = new();

    /// <summary>Samples after which an old sample counts half.</summary>
    public double HalfLifeSamples { get; }

    /// <summary>Time after which an old sample counts half, or <see cref="Timeout.InfiniteTimeSpan"/>.</summary>
    public TimeSpan HalfLifeTime { get; }

    /// <summary>Live samples before a cell is trusted.</summary>
    public int MinSamples { get; }

    /// <summary>Longest input accepted, tokens.</summary>
    public int MaxTokens { get; }

    /// <summary>Largest batch accepted.</summary>
    public int MaxBatch { get; }

    /// <summary>The quantile that defines a queued item's tail-equivalent variance.</summary>
    public double QueueReferenceQuantile { get; }
}
