using Fpx.Engine.Runtime;

namespace Fpx.Engine.Tests.Runtime;

/// <summary>Shared prefill of several sessions (the host's batched decisions) against each session prefilled alone.</summary>
public class AppendManyTests
{
    /// <summary>Same arithmetic per row as prefilling alone, grouped differently in the matrix kernels: differences stay at float rounding.</summary>
    private const double SamePathTolerance = 1e-5;

    [Theory]
    [InlineData("fp16", 32)]
    [InlineData("fp4", 32)]
    [InlineData("fpx-g0.30", 32)]
    [InlineData("fp8", 5)] // sessions split across passes, one of them over three
    [InlineData("fp8", 1)]
    public void Appending_to_many_sessions_equals_appending_to_each_alone(string variantName, int maxBatchRows)
    {
        var (tokens, _) = ReferenceModels.Reference(ReferenceModels.Qwen2BiasTiedBf16);
        using var model = ModelFixtures.Load(ReferenceModels.Qwen2BiasTiedBf16, [variantName], maxBatchRows: maxBatchRows);
        var variant = model.GetVariant(variantName);
        int[] prefixes = [0, 3, 1, 0];
        int[][] appended = [tokens[..4], tokens[2..9], [], tokens[5..7]];
        var shared = prefixes.Select(n => Prefilled(model, variant, tokens.AsSpan(0, n))).ToArray();
        var alone = prefixes.Select(n => Prefilled(model, variant, tokens.AsSpan(0, n))).ToArray();
        model.AppendMany(shared, [.. appended.Select(a => (ReadOnlyMemory<int>)a)]);
        for (int i = 0; i < alone.Length; i++)
        {
            alone[i].Append(appended[i]);
            Assert.Equal(alone[i].Length, shared[i].Length);
            Assert.Equal(alone[i].HasOutput, shared[i].HasOutput);
            if (alone[i].HasOutput)
            {
                Assert.True(ReferenceModels.RelativeMaxError(shared[i].Logits(), alone[i].Logits()) <= SamePathTolerance, $"session {i}");
            }
        }
    }

    [Fact]
    public void Bad_input_appends_nothing()
    {
        using var model = ModelFixtures.Load(ReferenceModels.GqaF32, ["fp8", "fp4"]);
        var fp8 = model.GetVariant("fp8");
        var a = Prefilled(model, fp8, [1]);
        var b = Prefilled(model, fp8, [2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.AppendMany([a, b], [new[] { 3 }, new[] { 64 }]));
        Assert.Throws<ArgumentException>(() => model.AppendMany([a, a], [new[] { 3 }, new[] { 4 }]));
        Assert.Throws<ArgumentException>(() => model.AppendMany([a, Prefilled(model, model.GetVariant("fp4"), [1])], [new[] { 3 }, new[] { 4 }]));
        var full = model.CreateSession(fp8, 2);
        full.Append(3);
        Assert.Throws<InvalidOperationException>(() => model.AppendMany([a, full], [new[] { 1 }, new[] { 2, 3 }]));
        Assert.Equal(1, a.Length);
        Assert.Equal(1, b.Length);
        model.AppendMany([], []);
    }

    private static InferenceSession Prefilled(TransformerModel model, Variant variant, ReadOnlySpan<int> tokens)
    {
        var session = model.CreateSession(variant, 32);
        session.Append(tokens);
        return session;
    }
}
