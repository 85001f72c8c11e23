namespace Fpx.Policy.Latency;

/// <summary>
/// A log-linear histogram of service times whose old samples fade: forward decay (Cormode et al.,
/// "Forward Decay: A Practical Time Decay Model for Streaming Systems", ICDE 2009). Instead of
/// shrinking every count on every sample, each new sample is added with a weight that grows by
/// 2^(1/H) per sample and 2^(Δt/T) per elapsed time, so relative to the newest sample a sample H
/// samples (or T time) old weighs one half. Observing is O(1); the weights are brought back into
/// range by an exact power-of-two rescale when they grow past 2^<see cref="RescaleAt"/>.
/// </summary>
/// <remarks>
/// Concurrency: writers serialize on a lock; readers never block a writer. Readers use a seqlock
/// (the version is odd while a write is in progress and changes with every write): a read that
/// overlapped a write is discarded and retried, so readers see one consistent state.
/// </remarks>
internal sealed partial class DecayingHistogram
{
    /// <summary>log2 of the weight at which the histogram is rescaled.</summary>
    internal const double RescaleAt = 256;

    // Bins that have faded below this fraction of the total are zeroed at a rescale, so that long
    // runs never leave denormals (slow on x86) or a scan range wider than the live data.
    private const double NegligibleFraction = 1e-18;

    private readonly double[] _bins = new double[LogLinearBins.Count];
    private readonly Lock _writeLock = new();
    private readonly double _log2PerSample;
    private readonly double _log2PerTick;

    private int _version;
    private long _count;
    private double _total;
    private double _weightedSum;
    private double _log2Weight;
    private long _lastTimestamp;
    private int _minIndex = LogLinearBins.Count;
    private int _maxIndex = -1;

    /// <summary>Creates an empty histogram.</summary>
    /// <param name="halfLifeSamples">Samples after which a sample weighs half; +∞ for no decay by count.</param>
    /// <param name="halfLifeTicks">Timestamp ticks after which a sample weighs half; +∞ for no decay by time.</param>
    public DecayingHistogram(double halfLifeSamples, double halfLifeTicks)
    {
        _log2PerSample = 1 / halfLifeSamples;
        _log2PerTick = 1 / halfLifeTicks;
    }

    /// <summary>Samples observed since creation (not decayed).</summary>
    public long Count => Volatile.Read(ref _count);

    /// <summary>Adds a sample.</summary>
    /// <param name="valueUs">The value in µs, ≥ 0 and not NaN.</param>
    /// <param name="timestamp">When it was taken, in the ticks the half-life in time is given in.</param>
    public void Observe(double valueUs, long timestamp)
    {
        int index = LogLinearBins.IndexOf(valueUs);
        lock (_writeLock)
        {
            double log2Weight = _log2Weight;
            if (_count > 0)
            {
                log2Weight += _log2PerSample + (Math.Max(0, timestamp - _lastTimestamp) * _log2PerTick);
            }

            // Full fence: the odd version must be visible before any bin changes.
            Interlocked.Increment(ref _version);
            if (log2Weight > RescaleAt)
            {
                log2Weight = Rescale(log2Weight);
            }

            double weight = double.Exp2(log2Weight);
            _bins[index] += weight;
            _total += weight;
            _weightedSum += weight * Math.Min(valueUs, LogLinearBins.MaxValue);
            _minIndex = Math.Min(_minIndex, index);
            _maxIndex = Math.Max(_maxIndex, index);
            _log2Weight = log2Weight;
            _lastTimestamp = timestamp;
            _count++;
            Volatile.Write(ref _version, _version + 1);
        }
    }

    /// <summary>Adds equally weighted samples at once, before the histogram is shared (no decay).</summary>
    internal void AddUnshared(ReadOnlySpan<double> valuesUs)
    {
        foreach (double v in valuesUs)
        {
            int index = LogLinearBins.IndexOf(v);
            _bins[index] += 1;
            _total += 1;
            _weightedSum += Math.Min(v, LogLinearBins.MaxValue);
            _minIndex = Math.Min(_minIndex, index);
            _maxIndex = Math.Max(_maxIndex, index);
        }

        _count += valuesUs.Length;
    }

    /// <summary>Scales everything down by a power of two (exact in floating point) and forgets what faded.</summary>
    private double Rescale(double log2Weight)
    {
        // Past 2^1000 every older sample would underflow anyway: start afresh.
        if (log2Weight > 1000)
        {
            Array.Clear(_bins);
            _total = 0;
            _weightedSum = 0;
            _minIndex = LogLinearBins.Count;
            _maxIndex = -1;
            return 0;
        }

        int steps = (int)(log2Weight / RescaleAt);
        double factor = Math.ScaleB(1.0, -(int)RescaleAt * steps);
        double floor = _total * factor * NegligibleFraction;
        int min = LogLinearBins.Count, max = -1;
        double total = 0;
        for (int i = Math.Max(0, _minIndex); i <= _maxIndex; i++)
        {
            double c = _bins[i] * factor;
            if (c <= floor)
            {
                c = 0;
            }
            else
            {
                min = Math.Min(min, i);
                max = i;
            }

            _bins[i] = c;
            total += c;
        }

        _weightedSum = total > 0 ? _weightedSum * factor : 0;
        _total = total;
        _minIndex = min;
        _maxIndex = max;
        return log2Weight - (RescaleAt * steps);
    }
}
