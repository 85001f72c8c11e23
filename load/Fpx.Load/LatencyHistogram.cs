namespace Fpx.Load;

/// <summary>
/// A log-linear latency histogram in microseconds, from 1 µs to 1 hour, with at most 1% relative
/// error (in fact at most 1/256, about 0.4%): each power of two is split into 128 equal buckets and
/// a value is reported as the middle of its bucket, clamped to the exact minimum and maximum.
/// The same layout as HdrHistogram with 7 significant bits, which is not available here. Recording
/// is thread-safe and allocation-free (one interlocked increment).
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>Buckets per power of two.</summary>
    public const int SubBuckets = 128;

    /// <summary>Smallest value told apart, in µs (smaller values count as this).</summary>
    public const double LowestMicroseconds = 1;

    /// <summary>Largest value told apart, in µs (one hour; larger values count as this).</summary>
    public const double HighestMicroseconds = 3_600_000_000;

    private const int SubBits = 7;
    private const int Exponents = 32; // 2^32 µs > 1 hour

    private readonly long[] _counts = new long[Exponents * SubBuckets];
    private long _count;
    private long _min = long.MaxValue;
    private long _max = long.MinValue;
    private long _sumNanoseconds;

    /// <summary>Values recorded.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>The smallest value recorded (exact, after clamping to the range), or NaN when empty.</summary>
    public double Min => Count == 0 ? double.NaN : BitConverter.Int64BitsToDouble(Interlocked.Read(ref _min));

    /// <summary>The largest value recorded (exact, after clamping), or NaN when empty.</summary>
    public double Max => Count == 0 ? double.NaN : BitConverter.Int64BitsToDouble(Interlocked.Read(ref _max));

    /// <summary>The mean of the recorded values (after clamping), or NaN when empty.</summary>
    public double Mean
    {
        get
        {
            long count = Count;
            return count == 0 ? double.NaN : Interlocked.Read(ref _sumNanoseconds) / 1000.0 / count;
        }
    }

    /// <summary>Records one value.</summary>
    /// <param name="microseconds">The latency in µs.</param>
    public void Record(double microseconds)
    {
        double v = Clamp(microseconds);
        Interlocked.Increment(ref _counts[IndexOf(v)]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sumNanoseconds, (long)(v * 1000));
        UpdateMinMax(v);
    }

    /// <summary>Positive doubles order like their bit patterns, so min and max are integer CAS loops.</summary>
    private void UpdateMinMax(double value)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        long seen;
        while (bits < (seen = Interlocked.Read(ref _min)) && Interlocked.CompareExchange(ref _min, bits, seen) != seen)
        {
        }

        while (bits > (seen = Interlocked.Read(ref _max)) && Interlocked.CompareExchange(ref _max, bits, seen) != seen)
        {
        }
    }

    /// <summary>The value at quantile <paramref name="q"/> (0..1): the smallest bucket holding at least q of the values, reported at its middle.</summary>
    /// <param name="q">The quantile, e.g. 0.99.</param>
    /// <returns>µs, or NaN when empty.</returns>
    public double Percentile(double q)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(q, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q, 1.0);
        long count = Count;
        if (count == 0)
        {
            return double.NaN;
        }

        long rank = Math.Max(1, (long)Math.Ceiling(q * count));
        long seen = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return Math.Clamp(Middle(i), Min, Max);
            }
        }

        return Max;
    }

    /// <summary>Adds every value of <paramref name="other"/> to this histogram.</summary>
    /// <param name="other">Another histogram.</param>
    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count == 0)
        {
            return;
        }

        for (int i = 0; i < _counts.Length; i++)
        {
            Interlocked.Add(ref _counts[i], Interlocked.Read(ref other._counts[i]));
        }

        Interlocked.Add(ref _count, other.Count);
        Interlocked.Add(ref _sumNanoseconds, Interlocked.Read(ref other._sumNanoseconds));
        UpdateMinMax(other.Min);
        UpdateMinMax(other.Max);
    }

    /// <summary>Bucket of a clamped value: the exponent and the top 7 bits of the mantissa, read from the IEEE 754 bits.</summary>
    internal static int IndexOf(double clamped)
    {
        long bits = BitConverter.DoubleToInt64Bits(clamped);
        int exponent = (int)((bits >> 52) & 0x7FF) - 1023;
        int sub = (int)((bits >> (52 - SubBits)) & (SubBuckets - 1));
        return (exponent * SubBuckets) + sub;
    }

    /// <summary>The middle of bucket <paramref name="index"/>.</summary>
    internal static double Middle(int index)
    {
        int exponent = index / SubBuckets, sub = index % SubBuckets;
        double low = Math.ScaleB(1.0 + (sub / (double)SubBuckets), exponent);
        return low + Math.ScaleB(0.5 / SubBuckets, exponent);
    }

    internal static double Clamp(double microseconds) =>
        double.IsNaN(microseconds) ? LowestMicroseconds : Math.Clamp(microseconds, LowestMicroseconds, HighestMicroseconds);
}
