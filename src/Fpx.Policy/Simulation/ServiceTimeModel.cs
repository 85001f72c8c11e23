using Fpx.Policy.Latency;

namespace Fpx.Policy.Simulation;

/// <summary>
/// A variant's true service time in a simulation: log-normal with median <see cref="MedianUs"/>
/// and log-spread <see cref="Sigma"/>, and with probability <see cref="TailProbability"/> a slow
/// run <see cref="TailFactor"/> times longer (cache misses, a preempted thread). With the defaults
/// (σ 0.1, 2 % × 1.45) p90 is about 1.14 × and p99 about 1.45 × the median.
/// </summary>
public sealed class ServiceTimeModel
{
    /// <summary>Creates a model.</summary>
    /// <param name="medianUs">Median of the log-normal body, µs (&gt; 0).</param>
    /// <param name="sigma">Standard deviation of its logarithm (≥ 0); 0.1 is about a 10 % spread.</param>
    /// <param name="tailProbability">Chance of a slow run, in [0, 1).</param>
    /// <param name="tailFactor">How much longer a slow run takes (≥ 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public ServiceTimeModel(double medianUs, double sigma = 0.1, double tailProbability = 0.02, double tailFactor = 1.45)
    {
        if (!(medianUs > 0 && double.IsFinite(medianUs)))
        {
            ThrowHelper.ThrowOutOfRange(nameof(medianUs), medianUs, "must be finite and > 0");
        }

        if (!(sigma >= 0 && sigma <= 3))
        {
            ThrowHelper.ThrowOutOfRange(nameof(sigma), sigma, "must be in [0, 3]");
        }

        if (!(tailProbability >= 0 && tailProbability < 1))
        {
            ThrowHelper.ThrowOutOfRange(nameof(tailProbability), tailProbability, "must be in [0, 1)");
        }

        if (!(tailFactor >= 1 && tailFactor <= 100))
        {
            ThrowHelper.ThrowOutOfRange(nameof(tailFactor), tailFactor, "must be in [1, 100]");
        }

        MedianUs = medianUs;
        Sigma = sigma;
        TailProbability = tailProbability;
        TailFactor = tailFactor;
    }

    /// <summary>Median of the log-normal body, µs.</summary>
    public double MedianUs { get; }

    /// <summary>Standard deviation of the logarithm.</summary>
    public double Sigma { get; }

    /// <summary>Chance of a slow run.</summary>
    public double TailProbability { get; }

    /// <summary>Slow-run factor.</summary>
    public double TailFactor { get; }

    /// <summary>Mean service time, µs.</summary>
    public double MeanUs => MedianUs * Math.Exp(Sigma * Sigma / 2) * (1 - TailProbability + (TailProbability * TailFactor));

    /// <summary>The service time at <paramref name="quantile"/>, µs (by bisection on the CDF, to 0.01 µs).</summary>
    /// <param name="quantile">In (0, 1).</param>
    /// <returns>The quantile.</returns>
    public double QuantileUs(double quantile)
    {
        if (!(quantile > 0 && quantile < 1))
        {
            ThrowHelper.ThrowOutOfRange(nameof(quantile), quantile, "must be in (0, 1)");
        }

        double lo = 0, hi = MedianUs * TailFactor * Math.Exp(10 * Math.Max(Sigma, 0.01));
        while (hi - lo > 0.01)
        {
            double mid = (lo + hi) / 2;
            if (Cdf(mid) < quantile)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return (lo + hi) / 2;
    }

    /// <summary>A profile seed with this model's true p50, p90 and p99.</summary>
    /// <returns>The seed.</returns>
    public LatencySeed ToSeed() => new(QuantileUs(0.5), QuantileUs(0.9), QuantileUs(0.99));

    /// <summary>The service time for a standard normal draw and a uniform draw (common random numbers across variants).</summary>
    internal double Sample(double z, double uniform) =>
        MedianUs * Math.Exp(Sigma * z) * (uniform < TailProbability ? TailFactor : 1);

    private double Cdf(double x)
    {
        if (x <= 0)
        {
            return 0;
        }

        double body = LogNormalCdf(x, MedianUs);
        return TailProbability == 0 ? body : ((1 - TailProbability) * body) + (TailProbability * LogNormalCdf(x, MedianUs * TailFactor));
    }

    private double LogNormalCdf(double x, double median) =>
        Sigma == 0 ? (x >= median ? 1 : 0) : StandardNormal.Cdf(Math.Log(x / median) / Sigma);
}
