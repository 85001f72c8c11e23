using Fpx.Engine.Model;
using Fpx.Engine.Quant;

namespace Fpx.Engine.Runtime;

/// <summary>
/// Seeded random parameters for benchmark models built in memory: each row comes from its own
/// SplitMix64 stream (seed, tensor, row), so rows are generated in parallel and identically on
/// every run. Uniform distributions with the variance of a standard initialisation: linear weights
/// ±√(3/in) (std 1/√in), embedding std 1, head std 1/√hidden, norms 1 ± 0.1, biases ±0.1.
/// </summary>
internal sealed class RandomWeights(ModelConfig config, ulong seed) : IWeightSource
{
    public ModelConfig Config { get; } = config;

    public QuantizedMatrix Quantize(string tensor, WeightFormat format)
    {
        var (rows, cols, halfWidth) = Shape(tensor);
        ulong stream = SplitMix64.Hash(tensor);
        return QuantizedMatrix.Quantize(rows, cols, format, (row, destination) => Fill(destination[..cols], SplitMix64.Mix(seed, stream, (ulong)row), 0, halfWidth));
    }

    public float[] Vector(string tensor)
    {
        bool norm = tensor.EndsWith("norm.weight", StringComparison.Ordinal);
        var values = new float[norm ? Config.HiddenSize : VectorLength(tensor)];
        Fill(values, SplitMix64.Mix(seed, SplitMix64.Hash(tensor)), norm ? 1f : 0f, 0.1f);
        return values;
    }

    private int VectorLength(string tensor)
    {
        foreach (var kind in Enum.GetValues<LinearKind>())
        {
            if (tensor.EndsWith(LinearLayer.Module(kind) + ".bias", StringComparison.Ordinal))
            {
                return LinearLayer.Rows(Config, kind);
            }
        }
        throw new ArgumentException($"no random vector for '{tensor}'", nameof(tensor));
    }

    private (int Rows, int Cols, float HalfWidth) Shape(string tensor)
    {
        var c = Config;
        if (tensor == LlamaLayout.Embedding)
        {
            return (c.VocabSize, c.HiddenSize, MathF.Sqrt(3f));
        }
        if (tensor == LlamaLayout.Head)
        {
            return (c.VocabSize, c.HiddenSize, MathF.Sqrt(3f / c.HiddenSize));
        }
        foreach (var kind in Enum.GetValues<LinearKind>())
        {
            if (tensor.EndsWith(LinearLayer.Module(kind) + ".weight", StringComparison.Ordinal))
            {
                int cols = LinearLayer.Cols(c, kind);
                return (LinearLayer.Rows(c, kind), cols, MathF.Sqrt(3f / cols));
            }
        }
        throw new ArgumentException($"no random matrix for '{tensor}'", nameof(tensor));
    }

    /// <summary>Uniform values in center ± halfWidth, two per 64-bit draw (24 random bits each).</summary>
    private static void Fill(Span<float> destination, ulong seed, float center, float halfWidth)
    {
        var random = new SplitMix64(seed);
        const float unit = 1f / (1 << 23); // 24-bit integers to [0, 2)
        int i = 0;
        for (; i + 2 <= destination.Length; i += 2)
        {
            ulong bits = random.Next();
            destination[i] = center + halfWidth * ((bits >> 40) * unit - 1f);
            destination[i + 1] = center + halfWidth * (((bits >> 8) & 0xFFFFFF) * unit - 1f);
        }
        if (i < destination.Length)
        {
            destination[i] = center + halfWidth * ((random.Next() >> 40) * unit - 1f);
        }
    }
}
