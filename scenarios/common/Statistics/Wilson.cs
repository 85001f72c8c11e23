namespace Fpx.Scenarios.Statistics;

/// <summary>
/// The Wilson score interval for a proportion (Wilson 1927; recommended over the Wald interval by
/// Brown, Cai and DasGupta 2001): well behaved for small counts and proportions near 0 or 1.
/// </summary>
public static class Wilson
{
    /// <summary>z for a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>Interval for <paramref name="successes"/> out of <paramref name="trials"/>.</summary>
    /// <param name="successes">May be fractional: a draw counts half a win.</param>
    /// <param name="trials">Number of trials; with 0 the interval is [0, 1] around 0.5.</param>
    /// <param name="z">Normal quantile (<see cref="Z95"/> for 95%).</param>
    public static ConfidenceInterval Interval(double successes, int trials, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trials);
        if (!(successes >= 0 && successes <= trials))
        {
            throw new ArgumentOutOfRangeException(nameof(successes), successes, $"must be in [0, {trials}]");
        }
        if (trials == 0)
        {
            return new ConfidenceInterval(0.5, 0, 1);
        }
        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double center = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return new ConfidenceInterval(p, Math.Max(0, center - half), Math.Min(1, center + half));
    }
}
