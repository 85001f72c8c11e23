using Fpx.Engine.Model;
using Fpx.Engine.Quant;

namespace Fpx.Engine.Calibration;

/// <summary>
/// The FPX precision ladder of one model and FP4 format: linear layers sorted from least to most
/// sensitive to FP4. The mix with ratio gamma holds the first round(gamma x N) layers in FP4 and
/// the rest in FP8 (the FPX paper, "Win Fast or Lose Slow", Kang et al., NeurIPS 2025, Algorithm 1).
/// </summary>
public sealed class Ladder
{
    /// <summary>Creates a ladder; <paramref name="order"/> must be a permutation of the entries' layers.</summary>
    public Ladder(IReadOnlyList<LadderEntry> layers, IReadOnlyList<LinearLayer> order, WeightFormat fp4Format,
        SensitivityMeasure orderedBy, CalibrationInfo calibration, string? modelFingerprint)
    {
        if (order.Count != layers.Count || order.Distinct().Count() != order.Count || order.Any(l => l.Index >= layers.Count || layers[l.Index].Layer != l))
        {
            throw new ArgumentException("the order must be a permutation of the ladder's layers", nameof(order));
        }
        Layers = layers;
        Order = order;
        Fp4Format = fp4Format;
        OrderedBy = orderedBy;
        Calibration = calibration;
        ModelFingerprint = modelFingerprint;
        if (layers.All(e => double.IsFinite(e.RelativeError) && double.IsFinite(e.EndToEndKl)))
        {
            Comparison = RankingComparison.Of(layers);
        }
    }

    /// <summary>Every linear layer's sensitivities, in model order (by <see cref="LinearLayer.Index"/>).</summary>
    public IReadOnlyList<LadderEntry> Layers { get; }

    /// <summary>Linear layers from least to most sensitive.</summary>
    public IReadOnlyList<LinearLayer> Order { get; }

    /// <summary>The FP4 format the sensitivities were measured with.</summary>
    public WeightFormat Fp4Format { get; }

    /// <summary>The measure <see cref="Order"/> sorts by.</summary>
    public SensitivityMeasure OrderedBy { get; }

    /// <summary>The calibration tokens.</summary>
    public CalibrationInfo Calibration { get; }

    /// <summary>The checkpoint fingerprint the ladder was measured on (null for random models).</summary>
    public string? ModelFingerprint { get; }

    /// <summary>How the two measures' rankings compare, when both were measured.</summary>
    public RankingComparison? Comparison { get; }

    /// <summary>FP4 layers of the mix with ratio <paramref name="gamma"/>: round(gamma x layers), halves rounded up.</summary>
    public static int Fp4Count(int layers, double gamma) => (int)Math.Round(gamma * layers, MidpointRounding.AwayFromZero);

    /// <summary>The layers the mix with ratio <paramref name="gamma"/> holds in FP4: the least sensitive ones.</summary>
    public IEnumerable<LinearLayer> Fp4Layers(double gamma)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gamma, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(gamma, 1.0);
        return Order.Take(Fp4Count(Order.Count, gamma));
    }

    /// <summary>Sorts layers by one measure, least sensitive first; equal values keep model order (a stable sort).</summary>
    public static IReadOnlyList<LinearLayer> Sort(IReadOnlyList<LadderEntry> layers, SensitivityMeasure measure) =>
        layers.OrderBy(e => measure == SensitivityMeasure.LayerOutput ? e.RelativeError : e.EndToEndKl).ThenBy(e => e.Layer.Index)
            .Select(e => e.Layer).ToArray();

    /// <summary>
    /// A stand-in ladder for models with random weights (benchmarks): a seeded permutation of the
    /// layers, since random weights have no meaningful sensitivity and speed depends only on how
    /// many layers are FP4. Its measures are NaN.
    /// </summary>
    public static Ladder Synthetic(ModelConfig config, WeightFormat fp4Format, int seed)
    {
        int n = config.Layers * LinearLayer.PerLayer;
        var entries = Enumerable.Range(0, n).Select(i =>
        {
            var layer = LinearLayer.FromIndex(i);
            return new LadderEntry(layer, (long)LinearLayer.Rows(config, layer.Kind) * LinearLayer.Cols(config, layer.Kind), double.NaN, double.NaN);
        }).ToArray();
        var order = entries.Select(e => e.Layer).ToArray();
        var random = new Runtime.SplitMix64((ulong)seed);
        for (int i = n - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return new Ladder(entries, order, fp4Format, SensitivityMeasure.LayerOutput, new CalibrationInfo($"synthetic(seed={seed})", 0, 0), null);
    }
}
