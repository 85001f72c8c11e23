using Fpx.Engine.Model;
using Fpx.Engine.Runtime;
using Fpx.Engine.Threading;

namespace Fpx.Engine.Tests.Runtime;

public class BatchedStepTests
{
    private const double SamePathTolerance = 1e-5;

    [Theory]
    [InlineData("fp16", 32)]
    [InlineData("fp8", 32)]
    [InlineData("fp4", 32)]
    [InlineData("fpx-g0.30", 32)]
    [InlineData("fp8", 2)] // more sessions than rows per pass: the step runs in groups
    public void A_batched_step_equals_each_session_stepping_alone(string variantName, int maxBatchRows)
    {
        var (tokens, _) = ReferenceModels.Reference(ReferenceModels.Qwen2BiasTiedBf16);
        using var model = ModelFixtures.Load(ReferenceModels.Qwen2BiasTiedBf16, [variantName], maxBatchRows: maxBatchRows);
        var variant = model.GetVariant(variantName);
        int[] prefixes = [3, 5, 8, 1, 11];
        var batched = prefixes.Select(n => Prefilled(model, variant, tokens.AsSpan(0, n))).ToArray();
        var alone = prefixes.Select(n => Prefilled(model, variant, tokens.AsSpan(0, n))).ToArray();
        int[] next = [7, 0, 79, 13, 42];
        model.Step(batched, next);
        for (int i = 0; i < alone.Length; i++)
        {
            alone[i].Append(next[i]);
            Assert.Equal(prefixes[i] + 1, batched[i].Length);
            Assert.True(ReferenceModels.RelativeMaxError(batched[i].Logits(), alone[i].Logits()) <= SamePathTolerance, $"session {i}");
        }
    }

    [Fact]
    public void Batched_steps_on_a_compute_pool_match_the_single_thread()
    {
        var config = new ModelConfig { HiddenSize = 256, IntermediateSize = 768, Layers = 2, Heads = 4, KvHeads = 2, HeadDim = 64, VocabSize = 300, MaxPositions = 64 };
        using var pool = new ComputePool(2);
        using var threaded = TransformerModel.CreateRandom(config, new ModelLoadOptions { Variants = ["fp16", "fp4"], Pool = pool });
        using var single = TransformerModel.CreateRandom(config, new ModelLoadOptions { Variants = ["fp16", "fp4"] });
        foreach (string name in new[] { "fp16", "fp4" })
        {
            var a = Enumerable.Range(0, 3).Select(i => Prefilled(threaded, threaded.GetVariant(name), [i, i + 1, i + 2])).ToArray();
            var b = Enumerable.Range(0, 3).Select(i => Prefilled(single, single.GetVariant(name), [i, i + 1, i + 2])).ToArray();
            threaded.Step(a, [5, 6, 7]);
            single.Step(b, [5, 6, 7]);
            for (int i = 0; i < 3; i++)
            {
                Assert.Equal(b[i].Logits().ToArray(), a[i].Logits().ToArray());
            }
        }
    }

    [Fact]
    public void A_step_refuses_mixed_variants_duplicates_and_full_sessions()
    {
        using var model = ModelFixtures.Load(ReferenceModels.GqaF32, ["fp8", "fp4"]);
        var fp8 = model.GetVariant("fp8");
        var a = Prefilled(model, fp8, [1]);
        var b = Prefilled(model, model.GetVariant("fp4"), [1]);
        Assert.Throws<ArgumentException>(() => model.Step([a, b], [1, 2]));
        Assert.Throws<ArgumentException>(() => model.Step([a, a], [1, 2]));
        Assert.Throws<ArgumentException>(() => model.Step([a], [1, 2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Step([a], [64]));
        var full = model.CreateSession(fp8, 1);
        full.Append(3);
        Assert.Throws<InvalidOperationException>(() => model.Step([a, full], [1, 2]));
        Assert.Equal(1, a.Length);
        model.Step([], []);
    }

    private static InferenceSession Prefilled(TransformerModel model, Variant variant, ReadOnlySpan<int> tokens)
    {
        var session = model.CreateSession(variant, 32);
        session.Append(tokens);
        return session;
    }
}
