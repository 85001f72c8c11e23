namespace Fpx.Scenarios.Statistics;

/// <summary>
/// Percentile bootstrap (Efron and Tibshirani 1993, ch. 13) with a seeded generator. Used for
/// trading yield, where the resampled units are blocks of the day's P&amp;L path (a block bootstrap
/// keeps the short-range dependence inside each block).
/// </summary>
public static class Bootstrap
{
    /// <summary>
    /// The statistic on <paramref name="samples"/> and its percentile interval over
    /// <paramref name="resamples"/> resamples with replacement of the same size.
    /// </summary>
    /// <param name="samples">The observed units.</param>
    /// <param name="statistic">Statistic of a sample (e.g. sum or mean).</param>
    /// <param name="seed">Seed of the resampling.</param>
    /// <param name="resamples">Number of resamples.</param>
    /// <param name="level">Coverage, e.g. 0.95.</param>
    public static ConfidenceInterval Interval(
        IReadOnlyList<double> samples, Func<ReadOnlySpan<double>, double> statistic, int seed, int resamples = 2000, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(statistic);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 10);
        if (!(level > 0 && level < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "must be in (0, 1)");
        }
        double[] data = [.. samples];
        double estimate = statistic(data);
        if (data.Length < 2)
        {
            return new ConfidenceInterval(estimate, estimate, estimate);
        }
        var rng = new Random(seed);
        var draw = new double[data.Length];
        var stats = new double[resamples];
        for (int r = 0; r < resamples; r++)
        {
            for (int i = 0; i < draw.Length; i++)
            {
                draw[i] = data[rng.Next(data.Length)];
            }
            stats[r] = statistic(draw);
        }
        Array.Sort(stats);
        double tail = (1 - level) / 2;
        return new ConfidenceInterval(estimate, Quantile(stats, tail), Quantile(stats, 1 - tail));
    }

    /// <summary>Sum of a span (the statistic of a block bootstrap of P&amp;L increments).</summary>
    public static double Sum(ReadOnlySpan<double> values)
    {
        double s = 0;
        foreach (double v in values)
        {
            s += v;
        }
        return s;
    }

    /// <summary>Mean of a span.</summary>
    public static double Mean(ReadOnlySpan<double> values) => values.Length == 0 ? double.NaN : Sum(values) / values.Length;

    /// <summary>Linear-interpolated quantile of ascending <paramref name="sorted"/> values (type 7, the R and numpy default).</summary>
    public static double Quantile(double[] sorted, double q)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Length == 0)
        {
            return double.NaN;
        }
        double h = (sorted.Length - 1) * q;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
