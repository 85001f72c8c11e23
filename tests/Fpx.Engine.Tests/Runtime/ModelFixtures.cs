using Fpx.Engine.Quant;
using Fpx.Engine.Runtime;

namespace Fpx.Engine.Tests.Runtime;

/// <summary>Loading the reference models and running them position by position.</summary>
internal static class ModelFixtures
{
    public static TransformerModel Load(string name, IReadOnlyList<string>? variants = null, WeightFormat fp4 = WeightFormat.MxFp4,
        WeightFormat head = WeightFormat.F32, int maxBatchRows = 32) =>
        TransformerModel.Load(ReferenceModels.Directory(name), new ModelLoadOptions
        {
            Variants = variants ?? VariantNames.All,
            Fp4Format = fp4,
            HeadFormat = head,
            MaxBatchRows = maxBatchRows,
        });

    /// <summary>Logits after each token, decoding one token at a time through the KV cache.</summary>
    public static float[][] StepwiseLogits(TransformerModel model, Variant variant, int[] tokens)
    {
        var session = model.CreateSession(variant, tokens.Length);
        var result = new float[tokens.Length][];
        for (int i = 0; i < tokens.Length; i++)
        {
            session.Append(tokens[i]);
            result[i] = session.Logits().ToArray();
        }
        return result;
    }

    /// <summary>Logits after the last token of a one-shot prefill.</summary>
    public static float[] PrefillLogits(TransformerModel model, Variant variant, ReadOnlySpan<int> tokens)
    {
        var session = model.CreateSession(variant, tokens.Length);
        session.Append(tokens);
        return session.Logits().ToArray();
    }

    /// <summary>Mean over positions of KL(softmax(reference) ‖ softmax(logits)).</summary>
    public static double MeanKl(float[][] reference, float[][] logits) =>
        reference.Zip(logits, (p, q) => ReferenceModels.KlDivergence(p, q)).Average();
}
