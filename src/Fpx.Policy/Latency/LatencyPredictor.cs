using System.Numerics;

namespace Fpx.Policy.Latency;

/// <summary>
/// Streaming service-time quantiles per (variant, input-length bucket, batch size), learned from
/// completed requests and fading old samples so that they follow changes in load.
/// </summary>
/// <remarks>
/// <para>
/// Each cell is a log-linear histogram (32 bins per octave, so any quantile read from it is off
/// by at most one bin, 3.1 % of the value) with forward decay: a sample's weight halves relative
/// to the newest after <see cref="LatencyPredictorOptions.HalfLifeSamples"/> samples and after
/// <see cref="LatencyPredictorOptions.HalfLifeTime"/>, whichever comes first
/// (docs/decisions/0010-quantile-estimator.md). A slowdown shows in p99 within a few dozen samples;
/// a speed-up takes several half-lives, because the old tail has to fade below 1 % of the weight.
/// </para>
/// <para>
/// Length buckets are powers of two: bucket 0 is 1 token, bucket b holds 2^(b−1)+1 … 2^b tokens.
/// </para>
/// <para>
/// A key without trusted data (fewer than <see cref="LatencyPredictorOptions.MinSamples"/> live
/// samples) falls back, in this order: (1) the same variant and batch at the nearest length bucket
/// with data, the longer one first on a tie; a shorter bucket's times are doubled per bucket of
/// difference (linear in length, the pessimistic end), a longer bucket's are used as they are;
/// (2) batch 1 of the same variant, exact or nearest length as in (1), times the batch size (a
/// batch of b never takes longer than b single runs); (3) the task profile's seed, times the batch
/// size; (4) nothing: the variant cannot be predicted and the Try methods return false.
/// </para>
/// <para>
/// Thread safety: any number of threads may observe and predict at once. Predictions never take a
/// lock and never wait for a writer; writers to one cell serialize on that cell. Observing into an
/// existing cell and every prediction allocate nothing.
/// </para>
/// </remarks>
public sealed partial class LatencyPredictor
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly double _halfLifeTicks;
    private readonly int _lengthBuckets;
    private readonly double _zReference;

    // Copy-on-write: a new variant publishes a new dictionary; published ones are never changed,
    // so readers need no lock.
    private volatile Dictionary<string, DecayingHistogram?[]> _cells = new(StringComparer.Ordinal);

    /// <summary>Creates an empty predictor.</summary>
    /// <param name="options">Settings; <see cref="LatencyPredictorOptions.Default"/> when null.</param>
    /// <param name="timeProvider">The clock for decay by time; <see cref="TimeProvider.System"/> when null.</param>
    public LatencyPredictor(LatencyPredictorOptions? options = null, TimeProvider? timeProvider = null)
    {
        Options = options ?? LatencyPredictorOptions.Default;
        _time = timeProvider ?? TimeProvider.System;
        _halfLifeTicks = Options.HalfLifeTime == Timeout.InfiniteTimeSpan
            ? double.PositiveInfinity
            : Options.HalfLifeTime.TotalSeconds * _time.TimestampFrequency;
        _lengthBuckets = LengthBucket(Options.MaxTokens) + 1;
        _zReference = StandardNormal.Quantile(Options.QueueReferenceQuantile);
    }

    /// <summary>The settings.</summary>
    public LatencyPredictorOptions Options { get; }

    /// <summary>The length bucket of <paramref name="tokens"/>: ⌈log2 tokens⌉.</summary>
    /// <param name="tokens">Input tokens, ≥ 1.</param>
    /// <returns>0 for 1 token, b for 2^(b−1)+1 … 2^b tokens.</returns>
    public static int LengthBucket(int tokens) =>
        tokens <= 1 ? 0 : BitOperations.Log2((uint)(tokens - 1)) + 1;

    /// <summary>Records the service time of a completed request (or batch).</summary>
    /// <param name="key">What ran.</param>
    /// <param name="serviceUs">How long the compute took, µs (finite, ≥ 0).</param>
    /// <exception cref="ArgumentException">The key is out of range or the time is negative or not finite.</exception>
    public void Observe(in LatencyKey key, double serviceUs)
    {
        int index = CellIndex(key);
        if (!(serviceUs >= 0 && double.IsFinite(serviceUs)))
        {
            ThrowHelper.ThrowOutOfRange(nameof(serviceUs), serviceUs, "must be finite and >= 0");
        }

        if (!_cells.TryGetValue(key.Variant, out var cells))
        {
            cells = AddVariant(key.Variant);
        }

        var cell = Volatile.Read(ref cells[index]);
        if (cell is null)
        {
            Interlocked.CompareExchange(ref cells[index], new DecayingHistogram(Options.HalfLifeSamples, _halfLifeTicks), null);
            cell = Volatile.Read(ref cells[index])!;
        }

        cell.Observe(serviceUs, _time.GetTimestamp());
    }

    /// <summary>Predicts the service time of <paramref name="key"/> at <paramref name="quantile"/>.</summary>
    /// <param name="key">What would run.</param>
    /// <param name="quantile">The quantile, in (0, 1), e.g. the task's planning quantile.</param>
    /// <param name="seed">The task profile's seed for this variant, the last fallback; may be null.</param>
    /// <param name="prediction">The predicted time and its source.</param>
    /// <returns>False when neither live data nor a seed exists for the variant.</returns>
    public bool TryPredict(in LatencyKey key, double quantile, LatencySeed? seed, out LatencyPrediction prediction)
    {
        CheckQuantile(quantile);
        if (Locate(key, seed, out var histogram, out double scale, out var source)
            && histogram.TryQuantile(quantile, out double value))
        {
            prediction = new LatencyPrediction(value * scale, source);
            return true;
        }

        prediction = default;
        return false;
    }

    /// <summary>
    /// The load one queued request of <paramref name="key"/> adds to a queue: its mean service time
    /// and its tail-equivalent variance at <see cref="LatencyPredictorOptions.QueueReferenceQuantile"/>.
    /// </summary>
    /// <param name="key">What will run.</param>
    /// <param name="seed">The task profile's seed for this variant; may be null.</param>
    /// <param name="work">One item's load.</param>
    /// <returns>False when the variant cannot be predicted.</returns>
    public bool TryEstimateWork(in LatencyKey key, LatencySeed? seed, out QueueLoad work) =>
        TryEstimateRemaining(key, 0, seed, out work);

    /// <summary>
    /// The load still ahead from a batch that has been in service for <paramref name="elapsedUs"/>:
    /// the service-time distribution conditioned on lasting longer than that, minus the elapsed time.
    /// A run already past every recorded sample counts as finishing now (no load).
    /// </summary>
    /// <param name="key">What is running.</param>
    /// <param name="elapsedUs">Time it has been running, µs (≥ 0).</param>
    /// <param name="seed">The task profile's seed for this variant; may be null.</param>
    /// <param name="remaining">The load of the rest of the run (one item, or none).</param>
    /// <returns>False when the variant cannot be predicted.</returns>
    public bool TryEstimateRemaining(in LatencyKey key, double elapsedUs, LatencySeed? seed, out QueueLoad remaining)
    {
        if (!(elapsedUs >= 0))
        {
            ThrowHelper.ThrowOutOfRange(nameof(elapsedUs), elapsedUs, "must be >= 0");
        }

        if (Locate(key, seed, out var histogram, out double scale, out _)
            && histogram.TryRemaining(elapsedUs / scale, Options.QueueReferenceQuantile, out double mean, out double tail))
        {
            double sigma = Math.Max(0, tail - mean) / _zReference * scale;
            remaining = mean <= 0 && tail <= 0 ? QueueLoad.Empty : new QueueLoad(1, mean * scale, sigma * sigma);
            return true;
        }

        remaining = default;
        return false;
    }

    private DecayingHistogram?[] AddVariant(string variant)
    {
        lock (_gate)
        {
            var current = _cells;
            if (current.TryGetValue(variant, out var existing))
            {
                return existing;
            }

            var cells = new DecayingHistogram?[_lengthBuckets * Options.MaxBatch];
            _cells = new Dictionary<string, DecayingHistogram?[]>(current, StringComparer.Ordinal) { [variant] = cells };
            return cells;
        }
    }

    private int CellIndex(in LatencyKey key)
    {
        if (key.Variant is null)
        {
            ThrowHelper.ThrowOutOfRange(nameof(key), null, "must not be a default LatencyKey");
        }

        if (key.Tokens > Options.MaxTokens)
        {
            ThrowHelper.ThrowOutOfRange(nameof(key), key.Tokens, "has more tokens than LatencyPredictorOptions.MaxTokens");
        }

        if (key.Batch > Options.MaxBatch)
        {
            ThrowHelper.ThrowOutOfRange(nameof(key), key.Batch, "has a larger batch than LatencyPredictorOptions.MaxBatch");
        }

        return Index(LengthBucket(key.Tokens), key.Batch);
    }

    private int Index(int bucket, int batch) => (bucket * Options.MaxBatch) + batch - 1;

    private static void CheckQuantile(double quantile)
    {
        if (!(quantile > 0 && quantile < 1))
        {
            ThrowHelper.ThrowOutOfRange(nameof(quantile), quantile, "must be in (0, 1)");
        }
    }
}
