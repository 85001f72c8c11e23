using Fpx.Engine.Model;
using Fpx.Engine.Runtime;

namespace Fpx.Engine.Calibration;

/// <summary>
/// Measures how sensitive each linear layer is to FP4 and builds the FPX ladder (the FPX paper,
/// "Win Fast or Lose Slow", Kang et al., NeurIPS 2025, Algorithm 1): run calibration tokens
/// through the FP16 model, measure each layer's output error when its weights are FP4, and sort
/// the layers from least to most sensitive.
/// </summary>
public static class FpxCalibrator
{
    /// <summary>
    /// Calibrates <paramref name="model"/>, which must hold the F16 and FP4 encodings (load it with
    /// the <c>fp16</c> and <c>fp4</c> variants).
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="data">Calibration token sequences.</param>
    /// <param name="measures">Which sensitivities to measure; the end-to-end one costs one pass per linear layer.</param>
    /// <param name="orderBy">Which measure sorts the ladder (must be measured). The paper's is <see cref="SensitivityMeasure.LayerOutput"/>.</param>
    /// <param name="progress">Receives a line per finished stage, for long runs.</param>
    public static Ladder Calibrate(TransformerModel model, CalibrationData data, CalibrationMeasures measures = CalibrationMeasures.Both,
        SensitivityMeasure orderBy = SensitivityMeasure.LayerOutput, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        if (!measures.HasFlag(orderBy == SensitivityMeasure.LayerOutput ? CalibrationMeasures.LayerOutput : CalibrationMeasures.EndToEnd))
        {
            throw new ArgumentException($"cannot order by {orderBy} without measuring it", nameof(orderBy));
        }
        foreach (var encoding in new[] { LinearEncoding.F16, LinearEncoding.Fp4 })
        {
            if (!model.Weights.Has(encoding))
            {
                throw new InvalidOperationException($"calibration needs the {encoding.Name()} copy of the linear layers; load the model with the fp16 and fp4 variants");
            }
        }
        FromSequencesCheck(model, data);
        var reference = model.CreateUniformVariant(LinearEncoding.F16);
        int n = model.Weights.LinearLayers;
        double[] relative = Enumerable.Repeat(double.NaN, n).ToArray();
        double[] endToEnd = Enumerable.Repeat(double.NaN, n).ToArray();
        if (measures.HasFlag(CalibrationMeasures.LayerOutput))
        {
            relative = LayerOutputErrors(model, reference, data);
            progress?.Report($"layer-output errors of {n} linear layers over {data.TotalTokens} tokens");
        }
        if (measures.HasFlag(CalibrationMeasures.EndToEnd))
        {
            endToEnd = EndToEndDivergences(model, data, progress);
        }
        var entries = new LadderEntry[n];
        for (int i = 0; i < n; i++)
        {
            var layer = LinearLayer.FromIndex(i);
            var m = model.Weights.Get(i, LinearEncoding.F16);
            entries[i] = new LadderEntry(layer, (long)m.Rows * m.Cols, relative[i], endToEnd[i]);
        }
        return new Ladder(entries, Ladder.Sort(entries, orderBy), model.Fp4Format, orderBy, data.Info, model.Fingerprint);
    }

    private static void FromSequencesCheck(TransformerModel model, CalibrationData data) =>
        CalibrationData.FromSequences(data.Sequences, model.Config, data.Source);

    /// <summary>The paper's measure: one FP16 pass; at each linear layer the FP4 product of the same input is compared on the spot.</summary>
    private static double[] LayerOutputErrors(TransformerModel model, Variant reference, CalibrationData data)
    {
        var observer = new LayerErrorObserver(model);
        foreach (var sequence in data.Sequences)
        {
            var session = model.CreateSession(reference, sequence.Length);
            model.Prefill(session, sequence, observer);
        }
        return observer.RelativeErrors();
    }

    /// <summary>
    /// The end-to-end measure: mean KL(p16 ‖ p) of the next-token distribution over every calibration
    /// position, where p comes from the FP16 model with one linear layer in FP4.
    /// </summary>
    private static double[] EndToEndDivergences(TransformerModel model, CalibrationData data, IProgress<string>? progress)
    {
        int n = model.Weights.LinearLayers;
        var reference = new LogitObserver(model, data.TotalTokens, referenceLogProbabilities: null);
        Run(model, model.CreateUniformVariant(LinearEncoding.F16), data, reference);
        var result = new double[n];
        var encodings = new LinearEncoding[n];
        for (int i = 0; i < n; i++)
        {
            Array.Fill(encodings, LinearEncoding.F16);
            encodings[i] = LinearEncoding.Fp4;
            var variant = model.CreateVariant($"fp16+{LinearLayer.FromIndex(i).Name}:fp4", null, encodings);
            var observer = new LogitObserver(model, data.TotalTokens, reference.LogProbabilities);
            Run(model, variant, data, observer);
            result[i] = observer.MeanDivergence;
            if ((i + 1) % LinearLayer.PerLayer == 0)
            {
                progress?.Report($"end-to-end: {i + 1} of {n} linear layers");
            }
        }
        return result;
    }

    private static void Run(TransformerModel model, Variant variant, CalibrationData data, IForwardObserver observer)
    {
        foreach (var sequence in data.Sequences)
        {
            var session = model.CreateSession(variant, sequence.Length);
            model.Prefill(session, sequence, observer);
        }
    }
}
