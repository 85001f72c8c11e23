using System.Diagnostics.CodeAnalysis;

namespace Fpx.Policy.Latency;

public sealed partial class LatencyPredictor
{
    /// <summary>
    /// Finds the data to answer for <paramref name="key"/> with and the factor to scale it by,
    /// following the fallback order in the class remarks.
    /// </summary>
    private bool Locate(
        in LatencyKey key,
        LatencySeed? seed,
        [NotNullWhen(true)] out DecayingHistogram? histogram,
        out double scale,
        out LatencySource source)
    {
        CellIndex(key); // validates the key against the options; the index itself is not needed here
        int bucket = LengthBucket(key.Tokens);
        if (_cells.TryGetValue(key.Variant, out var cells))
        {
            if (FindLength(cells, bucket, key.Batch, out histogram, out scale, out bool exact))
            {
                source = exact ? LatencySource.Exact : LatencySource.NearestLength;
                return true;
            }

            if (key.Batch > 1 && FindLength(cells, bucket, 1, out histogram, out scale, out _))
            {
                scale *= key.Batch;
                source = LatencySource.ScaledBatch;
                return true;
            }
        }

        if (seed is not null)
        {
            histogram = seed.Histogram;
            scale = key.Batch;
            source = LatencySource.Seed;
            return true;
        }

        histogram = null;
        scale = 0;
        source = default;
        return false;
    }

    /// <summary>The trusted cell at <paramref name="bucket"/> or the nearest bucket, longer first on a tie.</summary>
    private bool FindLength(DecayingHistogram?[] cells, int bucket, int batch, [NotNullWhen(true)] out DecayingHistogram? histogram, out double scale, out bool exact)
    {
        for (int distance = 0; distance < _lengthBuckets; distance++)
        {
            int longer = bucket + distance;
            if (longer < _lengthBuckets && Trusted(histogram = Volatile.Read(ref cells[Index(longer, batch)])))
            {
                scale = 1;
                exact = distance == 0;
                return true;
            }

            int shorter = bucket - distance;
            if (distance > 0 && shorter >= 0 && Trusted(histogram = Volatile.Read(ref cells[Index(shorter, batch)])))
            {
                scale = Math.ScaleB(1.0, distance);
                exact = false;
                return true;
            }
        }

        histogram = null;
        scale = 0;
        exact = false;
        return false;
    }

    private bool Trusted([NotNullWhen(true)] DecayingHistogram? cell) => cell is not null && cell.Count >= Options.MinSamples;
}
