namespace Fpx.Scenarios;

/// <summary>
/// Latency of a decision for the virtual clock: a mean per variant (the engine's measured compute
/// time, given by the caller) times a seeded log-normal jitter. Deterministic: the sample depends
/// only on the seed, the variant and the <see cref="DecisionContext"/>.
/// </summary>
public sealed class LatencyModel
{
    private readonly IReadOnlyDictionary<string, double> _meanUs;
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

    /// <summary>Every decision takes <paramref name="us"/> microseconds.</summary>
    public static LatencyModel Fixed(double us) => new(new Dictionary<string, double>(), us);

    /// <summary>The latency charged to this decision, in microseconds.</summary>
    public double SampleUs(string variant, DecisionContext context)
    {
        double mean = _meanUs.TryGetValue(variant, out double us) ? us : _fallbackUs;
        if (_sigma == 0 || mean == 0)
        {
            return mean;
        }
        // Mean-preserving log-normal: exp(sigma z - sigma^2 / 2) has expectation 1.
        ulong key = CounterRandom.Mix(context.Seed, (ulong)context.Participant, (ulong)context.Sequence, CounterRandom.Hash(variant));
        double z = CounterRandom.Normal(key);
        return mean * Math.Exp(_sigma * z - 0.5 * _sigma * _sigma);
    }
}
