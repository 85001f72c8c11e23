using Fpx.Policy.Profiles;

namespace Fpx.Policy.Latency;

/// <summary>
/// A prior for one variant's service time (batch 1, the task's typical input), given as three
/// quantiles in a task profile (<c>latency_us</c>). It is what the predictor answers with until
/// live samples exist. Between and beyond the three points the quantile function is taken as
/// piecewise linear in the normal z-score (z = 0, 1.2816, 2.3263), extended with the slope of the
/// nearest segment and floored at 0: a normal shape where only the median is given equal, a
/// heavier tail where p99 is further out than p90 suggests.
/// </summary>
public sealed class LatencySeed
{
    // The seed's distribution as pseudo-samples at evenly spaced quantiles, so that the predictor
    // reads a seed exactly the way it reads live data (one code path for quantiles, means and
    // remaining times).
    private const int PseudoSamples = 1000;

    private static readonly double Z90 = StandardNormal.Quantile(0.9);
    private static readonly double Z99 = StandardNormal.Quantile(0.99);

    /// <summary>Creates a seed.</summary>
    /// <param name="p50Us">Median service time, µs, &gt; 0.</param>
    /// <param name="p90Us">90th percentile, µs, ≥ the median.</param>
    /// <param name="p99Us">99th percentile, µs, ≥ the 90th.</param>
    /// <exception cref="ProfileValidationException">A value is out of range (paths <c>p50</c>, <c>p90</c>, <c>p99</c>).</exception>
    public LatencySeed(double p50Us, double p90Us, double p99Us)
    {
        Check("p50", p50Us);
        Check("p90", p90Us);
        Check("p99", p99Us);
        if (p90Us < p50Us)
        {
            ThrowHelper.ThrowProfile("p90", "must be >= p50");
        }

        if (p99Us < p90Us)
        {
            ThrowHelper.ThrowProfile("p99", "must be >= p90");
        }

        P50Us = p50Us;
        P90Us = p90Us;
        P99Us = p99Us;

        Span<double> samples = stackalloc double[PseudoSamples];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = QuantileUs((i + 0.5) / PseudoSamples);
        }

        Histogram = new DecayingHistogram(double.PositiveInfinity, double.PositiveInfinity);
        Histogram.AddUnshared(samples);
    }

    /// <summary>Median service time, µs.</summary>
    public double P50Us { get; }

    /// <summary>90th percentile, µs.</summary>
    public double P90Us { get; }

    /// <summary>99th percentile, µs.</summary>
    public double P99Us { get; }

    /// <summary>The seed's service time at <paramref name="quantile"/> (0 &lt; q &lt; 1), µs.</summary>
    /// <param name="quantile">The quantile.</param>
    /// <returns>The modelled value; exactly p50, p90, p99 at 0.5, 0.9, 0.99.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The quantile is not inside (0, 1).</exception>
    public double QuantileUs(double quantile)
    {
        if (!(quantile > 0 && quantile < 1))
        {
            ThrowHelper.ThrowOutOfRange(nameof(quantile), quantile, "must be in (0, 1)");
        }

        if (quantile == 0.5)
        {
            return P50Us;
        }

        if (quantile == 0.9)
        {
            return P90Us;
        }

        if (quantile == 0.99)
        {
            return P99Us;
        }

        double z = StandardNormal.Quantile(quantile);
        double value = z <= Z90
            ? P50Us + (z * (P90Us - P50Us) / Z90)
            : P90Us + ((z - Z90) * (P99Us - P90Us) / (Z99 - Z90));
        return Math.Max(0, value);
    }

    internal DecayingHistogram Histogram { get; }

    private static void Check(string path, double value)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            ThrowHelper.ThrowProfile(path, "must be a finite number > 0");
        }
    }
}
