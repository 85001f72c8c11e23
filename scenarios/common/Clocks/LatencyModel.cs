namespace Fpx.Scenarios;

/// <summary>
/// Latency of a decision for the virtual clock: either a mean per variant times a seeded log-normal
/// jitter, or (<see cref="Empirical"/>) a seeded draw from each variant's measured samples (the
/// engine's measured compute times, given by the caller). Deterministic: the sample depends only on
/// the seed, the variant and the <see cref="DecisionContext"/>.
/// </summary>
public sealed class LatencyModel
{
    private readonly IReadOnlyDictionary<string, double> _meanUs;
    private readonly IReadOnlyDictionary<string, double[]>? _samplesUs;
    private readonly double _fallbackUs;
    private readonly double _sigma;

    /// <summary>Creates a model.</summary>
    /// <param name="meanUs">Mean latency per variant label, in microseconds.</param>
    /// <param name="fallbackUs">Latency of a variant not in <paramref name="meanUs"/>.</param>
    /// <param name="jitterSigma">Standard deviation of the log-latency (0 for none; 0.2 is a typical CPU spread).</param>
    public LatencyModel(IReadOnlyDictionary<string, double> meanUs, double fallbackUs = 0, double jitterSigma = 0)
    {
        ArgumentNullException.ThrowIfNull(meanUs);
        ArgumentOutOfRangeException.ThrowIfNegative(fallbackUs);
        if (!(jitterSigma >= 0 && jitterSigma <= 3))
        {
            throw new ArgumentOutOfRangeException(nameof(jitterSigma), jitterSigma, "must be in [0, 3]");
        }
        foreach (var (variant, us) in meanUs)
        {
            if (!(us >= 0 && double.IsFinite(us)))
            {
                throw new ArgumentOutOfRangeException(nameof(meanUs), us, $"latency of '{variant}' must be finite and non-negative");
            }
        }
        _meanUs = meanUs;
        _fallbackUs = fallbackUs;
        _sigma = jitterSigma;
    }

    private LatencyModel(IReadOnlyDictionary<string, double[]> samplesUs, double fallbackUs)
    {
        _samplesUs = samplesUs;
        _meanUs = samplesUs.ToDictionary(p => p.Key, p => p.Value.Average(), StringComparer.Ordinal);
        _fallbackUs = fallbackUs;
    }

    /// <summary>Every decision takes <paramref name="us"/> microseconds.</summary>
    public static LatencyModel Fixed(double us) => new(new Dictionary<string, double>(), us);

    /// <summary>
    /// Charges each decision a draw, with replacement, from its variant's measured samples: the
    /// measured distribution itself, tail included, rather than a fitted shape.
    /// </summary>
    /// <param name="samplesUs">Measured latencies per variant label, µs; each list non-empty, finite and non-negative.</param>
    /// <param name="fallbackUs">Latency of a variant without samples (e.g. a rejection that computed nothing).</param>
    public static LatencyModel Empirical(IReadOnlyDictionary<string, IReadOnlyList<double>> samplesUs, double fallbackUs = 0)
    {
        ArgumentNullException.ThrowIfNull(samplesUs);
        ArgumentOutOfRangeException.ThrowIfNegative(fallbackUs);
        var copy = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var (variant, samples) in samplesUs)
        {
            ArgumentNullException.ThrowIfNull(samples);
            if (samples.Count == 0 || samples.Any(us => !(us >= 0 && double.IsFinite(us))))
            {
                throw new ArgumentOutOfRangeException(nameof(samplesUs), $"the samples of '{variant}' must be a non-empty list of finite, non-negative latencies");
            }
            // Sorted, so the draw does not depend on the order the samples were measured in.
            copy[variant] = [.. samples.Order()];
        }
        return new LatencyModel(copy, fallbackUs);
    }

    /// <summary>The mean latency the model charges <paramref name="variant"/>, µs.</summary>
    public double MeanUs(string variant) => _meanUs.TryGetValue(variant, out double us) ? us : _fallbackUs;

    /// <summary>The latency charged to this decision, in microseconds.</summary>
    public double SampleUs(string variant, DecisionContext context)
    {
        ulong key = CounterRandom.Mix(context.Seed, (ulong)context.Participant, (ulong)context.Sequence, CounterRandom.Hash(variant));
        if (_samplesUs is not null)
        {
            return _samplesUs.TryGetValue(variant, out var samples)
                ? samples[Math.Min(samples.Length - 1, (int)(CounterRandom.Uniform(key) * samples.Length))]
                : _fallbackUs;
        }
        double mean = _meanUs.TryGetValue(variant, out double us) ? us : _fallbackUs;
        if (_sigma == 0 || mean == 0)
        {
            return mean;
        }
        // Mean-preserving log-normal: exp(sigma z - sigma^2 / 2) has expectation 1.
        double z = CounterRandom.Normal(key);
        return mean * Math.Exp(_sigma * z - 0.5 * _sigma * _sigma);
    }
}
