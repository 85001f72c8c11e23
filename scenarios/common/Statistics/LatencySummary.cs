namespace Fpx.Scenarios.Statistics;

/// <summary>Mean and tail of a latency sample, in microseconds.</summary>
/// <param name="Count">Number of samples.</param>
/// <param name="MeanUs">Mean.</param>
/// <param name="P50Us">Median (nearest rank).</param>
/// <param name="P99Us">99th percentile (nearest rank: the smallest value with at least 99% of samples at or below it).</param>
public readonly record struct LatencySummary(int Count, double MeanUs, double P50Us, double P99Us)
{
    /// <summary>Summarizes <paramref name="latenciesUs"/>; all zero when empty.</summary>
    public static LatencySummary From(IEnumerable<double> latenciesUs)
    {
        ArgumentNullException.ThrowIfNull(latenciesUs);
        double[] sorted = [.. latenciesUs];
        if (sorted.Length == 0)
        {
            return default;
        }
        Array.Sort(sorted);
        return new LatencySummary(sorted.Length, sorted.Average(), NearestRank(sorted, 0.50), NearestRank(sorted, 0.99));
    }

    private static double NearestRank(double[] sorted, double q) =>
        sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
}
