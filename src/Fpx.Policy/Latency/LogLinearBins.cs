using System.Numerics;
using System.Runtime.CompilerServices;

namespace Fpx.Policy.Latency;

/// <summary>
/// The bin layout of <see cref="DecayingHistogram"/>: HdrHistogram's log-linear scheme over whole
/// microseconds. Values below 64 µs get one bin per microsecond; above, every power-of-two range
/// [2^k, 2^(k+1)) is cut into 32 equal bins. A bin is therefore at most 1/32 (3.1 %) of the
/// values it holds wide, and at least 1/64 (1.6 %), which bounds the error of any quantile read
/// from it by linear interpolation to one bin width: |error| ≤ 3.1 % of the value (plus 1 µs
/// below 64 µs). Values of 2^24 µs (16.8 s) and more share the last bin.
/// </summary>
internal static class LogLinearBins
{
    /// <summary>log2 of the bins per octave.</summary>
    public const int SubBucketBits = 5;

    /// <summary>Bins per octave.</summary>
    public const int SubBuckets = 1 << SubBucketBits;

    /// <summary>log2 of the first value that no longer has a bin of its own.</summary>
    public const int MaxValueBits = 24;

    /// <summary>The largest value with a bin of its own, in µs.</summary>
    public const long MaxValue = (1L << MaxValueBits) - 1;

    /// <summary>Number of bins.</summary>
    public const int Count = (MaxValueBits - SubBucketBits + 1) * SubBuckets;

    /// <summary>The bin holding <paramref name="valueUs"/> (non-negative; NaN is the caller's to reject).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int IndexOf(double valueUs)
    {
        // Truncation keeps a fractional value in the bin of its whole part; bins start on whole µs.
        long u = valueUs >= MaxValue ? MaxValue : valueUs <= 0 ? 0 : (long)valueUs;
        if (u < 2 * SubBuckets)
        {
            return (int)u;
        }

        int shift = BitOperations.Log2((ulong)u) - SubBucketBits;
        return (shift * SubBuckets) + (int)(u >> shift);
    }

    /// <summary>The first value of bin <paramref name="index"/>, in µs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Lower(int index)
    {
        int shift = Shift(index);
        return (double)((long)(index - (shift * SubBuckets)) << shift);
    }

    /// <summary>The width of bin <paramref name="index"/>, in µs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Width(int index) => 1L << Shift(index);

    /// <summary>The end (exclusive) of bin <paramref name="index"/>, in µs.</summary>
    public static double Upper(int index) => Lower(index) + Width(index);

    private static int Shift(int index) => Math.Max(0, (index >> SubBucketBits) - 1);
}
