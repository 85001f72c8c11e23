using System.Collections.Concurrent;

namespace Fpx.Load;

/// <summary>One interval of a scenario's timeline: requests due in it and their outcomes and latencies.</summary>
/// <param name="StartSeconds">Start of the interval, in seconds from the run's start.</param>
/// <param name="Requests">Requests due in the interval (sent or not).</param>
/// <param name="Ok">Of those, successes.</param>
/// <param name="Failed">Of those, failures.</param>
/// <param name="FailedByCode">Failures by error code.</param>
/// <param name="P50Microseconds">Median latency of the requests due in it (about 6% resolution), NaN when none was answered.</param>
/// <param name="P99Microseconds">p99 latency (about 6% resolution), NaN when none.</param>
/// <param name="MaxMicroseconds">Largest latency, NaN when none.</param>
public sealed record TimelinePoint(
    double StartSeconds,
    long Requests,
    long Ok,
    long Failed,
    IReadOnlyDictionary<string, long> FailedByCode,
    double P50Microseconds,
    double P99Microseconds,
    double MaxMicroseconds);

/// <summary>
/// Per-interval counts and latencies of one scenario, indexed by each request's due time (so a
/// stall shows at the time it happened). Each interval keeps a coarse histogram: 8 buckets per
/// power of two (at most 1/16 relative error), 2 KiB, enough for a chart and for recovery times.
/// </summary>
internal sealed class Timeline
{
    private const int CoarseShift = 4; // 128 fine buckets per octave → 8
    private const int CoarseBuckets = 32 * (LatencyHistogram.SubBuckets >> CoarseShift);

    private readonly Bucket?[] _buckets;
    private readonly long _start;
    private readonly long _intervalTicks;
    private readonly double _intervalSeconds;

    public Timeline(long start, long frequency, TimeSpan interval, TimeSpan span)
    {
        _start = start;
        _intervalSeconds = interval.TotalSeconds;
        _intervalTicks = Math.Max(1, (long)(interval.TotalSeconds * frequency));
        _buckets = new Bucket?[(int)Math.Min(1_000_000, Math.Ceiling(span.TotalSeconds / interval.TotalSeconds) + 1)];
    }

    public void Record(long due, string? errorCode, double latencyMicroseconds)
    {
        Bucket bucket = At(due);
        Interlocked.Increment(ref bucket.Requests);
        if (errorCode is null)
        {
            Interlocked.Increment(ref bucket.Ok);
        }
        else
        {
            Interlocked.Increment(ref bucket.Failed);
            bucket.Failures.AddOrUpdate(errorCode, 1, static (_, n) => n + 1);
        }

        if (!double.IsNaN(latencyMicroseconds))
        {
            double v = LatencyHistogram.Clamp(latencyMicroseconds);
            Interlocked.Increment(ref bucket.Counts[LatencyHistogram.IndexOf(v) >> CoarseShift]);
            Interlocked.Increment(ref bucket.Samples);
            long bits = BitConverter.DoubleToInt64Bits(v), seen;
            while (bits > (seen = Interlocked.Read(ref bucket.MaxBits)) && Interlocked.CompareExchange(ref bucket.MaxBits, bits, seen) != seen)
            {
            }
        }
    }

    private Bucket At(long due)
    {
        long index = Math.Clamp((due - _start) / _intervalTicks, 0, _buckets.Length - 1);
        Bucket? bucket = Volatile.Read(ref _buckets[index]);
        if (bucket is null)
        {
            Interlocked.CompareExchange(ref _buckets[index], new Bucket(), null);
            bucket = _buckets[index]!;
        }

        return bucket;
    }

    /// <summary>The points up to the last interval that saw a request (empty intervals in between included).</summary>
    public IReadOnlyList<TimelinePoint> ToPoints()
    {
        int last = Array.FindLastIndex(_buckets, b => b is not null);
        var points = new List<TimelinePoint>(last + 1);
        for (int i = 0; i <= last; i++)
        {
            Bucket? b = _buckets[i];
            double t = i * _intervalSeconds;
            points.Add(b is null
                ? new TimelinePoint(t, 0, 0, 0, new Dictionary<string, long>(), double.NaN, double.NaN, double.NaN)
                : new TimelinePoint(t, b.Requests, b.Ok, b.Failed, new SortedDictionary<string, long>(b.Failures, StringComparer.Ordinal), b.Percentile(0.5), b.Percentile(0.99), b.Samples == 0 ? double.NaN : BitConverter.Int64BitsToDouble(b.MaxBits)));
        }

        return points;
    }

    private sealed class Bucket
    {
        public readonly long[] Counts = new long[CoarseBuckets];
        public readonly ConcurrentDictionary<string, long> Failures = new(StringComparer.Ordinal);
        public long Requests;
        public long Ok;
        public long Failed;
        public long Samples;
        public long MaxBits;

        public double Percentile(double q)
        {
            if (Samples == 0)
            {
                return double.NaN;
            }

            long rank = Math.Max(1, (long)Math.Ceiling(q * Samples)), seen = 0;
            double max = BitConverter.Int64BitsToDouble(MaxBits);
            for (int i = 0; i < Counts.Length; i++)
            {
                seen += Counts[i];
                if (seen >= rank)
                {
                    int octave = i >> (7 - CoarseShift), sub = i & ((LatencyHistogram.SubBuckets >> CoarseShift) - 1);
                    double width = Math.ScaleB(1.0 / (LatencyHistogram.SubBuckets >> CoarseShift), octave);
                    return Math.Min(max, Math.ScaleB(1.0, octave) + (sub * width) + (width / 2));
                }
            }

            return max;
        }
    }
}
