namespace Fpx.Engine.Runtime;

/// <summary>
/// Draws tokens from softmax(logits / temperature) with a seeded generator (SplitMix64), so a
/// sampled generation is reproducible. Not thread-safe: one per session.
/// </summary>
public sealed class TokenSampler
{
    private SplitMix64 _random;

    /// <summary>Creates a sampler.</summary>
    /// <param name="temperature">Above 0; 1 samples the model's distribution, lower sharpens it.</param>
    /// <param name="seed">Seed of the generator.</param>
    public TokenSampler(double temperature = 1.0, ulong seed = 0)
    {
        if (!(temperature > 0 && double.IsFinite(temperature)))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "the temperature must be a positive finite number");
        }
        Temperature = temperature;
        _random = new SplitMix64(seed);
    }

    /// <summary>The softmax temperature.</summary>
    public double Temperature { get; }

    /// <summary>Draws one index of <paramref name="logits"/>; allocates nothing.</summary>
    public int Sample(ReadOnlySpan<float> logits)
    {
        float max = System.Numerics.Tensors.TensorPrimitives.Max(logits);
        double inverse = 1.0 / Temperature, total = 0;
        foreach (float l in logits)
        {
            total += Math.Exp((l - max) * inverse);
        }
        double target = _random.NextDouble() * total, running = 0;
        int last = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            double w = Math.Exp((logits[i] - max) * inverse);
            running += w;
            if (w > 0)
            {
                last = i;
            }
            if (running > target)
            {
                return i;
            }
        }
        return last;
    }
}
