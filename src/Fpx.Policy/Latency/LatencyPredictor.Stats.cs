namespace Fpx.Policy.Latency;

public sealed partial class LatencyPredictor
{
    /// <summary>Every cell with live samples, ordered by variant, length and batch (allocates; for <c>stats</c>).</summary>
    /// <returns>One summary per cell.</returns>
    public IReadOnlyList<LatencySummary> Summarize()
    {
        var result = new List<LatencySummary>();
        foreach (var (variant, cells) in _cells.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            for (int bucket = 0; bucket < _lengthBuckets; bucket++)
            {
                for (int batch = 1; batch <= Options.MaxBatch; batch++)
                {
                    var cell = Volatile.Read(ref cells[Index(bucket, batch)]);
                    if (cell is not null && cell.TrySummary(out double mean, out double p50, out double p90, out double p99))
                    {
                        result.Add(new LatencySummary(variant, 1 << bucket, batch, cell.Count, mean, p50, p90, p99));
                    }
                }
            }
        }

        return result;
    }
}
