using Fpx.Engine.Runtime;

namespace Fpx.Engine.Tests.Runtime;

public class SessionTests
{
    /// <summary>
    /// Decoding token by token and prefilling at once run the same arithmetic except the batch
    /// grouping of the matrix kernels (and FP4's per-vector activation scales, which are identical
    /// per row); differences stay at float rounding.
    /// </summary>
    private const double SamePathTolerance = 1e-5;

    public static TheoryData<string, string> FixturesAndVariants()
    {
        var data = new TheoryData<string, string>();
        foreach (string name in ReferenceModels.All)
        {
            foreach (string variant in new[] { "f32", "fp8", "fp4", "fpx-g0.50" })
            {
                data.Add(name, variant);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(FixturesAndVariants))]
    public void Token_by_token_decoding_equals_one_shot_prefill(string name, string variantName)
    {
        var (tokens, _) = ReferenceModels.Reference(name);
        using var model = ModelFixtures.Load(name, [variantName]);
        var variant = model.GetVariant(variantName);
        var stepwise = ModelFixtures.StepwiseLogits(model, variant, tokens);
        for (int n = 1; n <= tokens.Length; n++)
        {
            var prefill = ModelFixtures.PrefillLogits(model, variant, tokens.AsSpan(0, n));
            Assert.True(ReferenceModels.RelativeMaxError(stepwise[n - 1], prefill) <= SamePathTolerance, $"after {n} tokens");
        }
    }

    [Theory]
    [MemberData(nameof(FixturesAndVariants))]
    public void Prefill_in_chunks_equals_prefill_at_once(string name, string variantName)
    {
        var (tokens, _) = ReferenceModels.Reference(name);
        using var whole = ModelFixtures.Load(name, [variantName]);
        using var chunked = ModelFixtures.Load(name, [variantName], maxBatchRows: 5);
        var a = ModelFixtures.PrefillLogits(whole, whole.GetVariant(variantName), tokens);
        var b = ModelFixtures.PrefillLogits(chunked, chunked.GetVariant(variantName), tokens);
        Assert.True(ReferenceModels.RelativeMaxError(b, a) <= SamePathTolerance);
    }

    [Theory]
    [MemberData(nameof(FixturesAndVariants))]
    public void A_forked_session_equals_an_unforked_one(string name, string variantName)
    {
        var (tokens, _) = ReferenceModels.Reference(name);
        using var model = ModelFixtures.Load(name, [variantName]);
        var variant = model.GetVariant(variantName);
        var expected = ModelFixtures.PrefillLogits(model, variant, tokens);

        var parent = model.CreateSession(variant, 64);
        parent.Append(tokens.AsSpan(0, 5));
        var child = parent.Fork();
        var grandchild = child.Fork();
        // The parent goes elsewhere: its new positions must stay invisible to the forks.
        parent.Append([1, 2, 3]);
        child.Append(tokens.AsSpan(5));
        grandchild.Append(tokens.AsSpan(5, 3));
        grandchild.Append(tokens.AsSpan(8));
        Assert.True(ReferenceModels.RelativeMaxError(child.Logits(), expected) <= SamePathTolerance);
        Assert.True(ReferenceModels.RelativeMaxError(grandchild.Logits(), expected) <= SamePathTolerance);

        int[] parentTokens = [.. tokens[..5], 1, 2, 3];
        Assert.True(ReferenceModels.RelativeMaxError(parent.Logits(), ModelFixtures.PrefillLogits(model, variant, parentTokens)) <= SamePathTolerance);
    }

    [Fact]
    public void Forks_share_the_prefix_instead_of_copying_it()
    {
        using var model = ModelFixtures.Load(ReferenceModels.GqaF32, ["fp8"]);
        var c = model.Config;
        var parent = model.CreateSession(model.GetVariant("fp8"), 100);
        parent.Append(Enumerable.Range(0, 40).ToArray());
        var child = parent.Fork(maxNewTokens: 3);
        long perPosition = 2L * c.Layers * c.KvDim * sizeof(float);
        Assert.Equal(3 * perPosition, child.OwnCacheBytes);
        Assert.Equal(100 * perPosition, parent.OwnCacheBytes);
        Assert.Equal(40, child.Length);
        Assert.Equal(43, child.Capacity);
        Assert.True(child.HasOutput);
        Assert.Equal(parent.Logits().ToArray(), child.Logits().ToArray());
    }

    [Fact]
    public void Resetting_a_parent_never_disturbs_its_forks()
    {
        var (tokens, _) = ReferenceModels.Reference(ReferenceModels.OddBiasF16);
        using var model = ModelFixtures.Load(ReferenceModels.OddBiasF16, ["fp8"]);
        var variant = model.GetVariant("fp8");
        var expected = ModelFixtures.PrefillLogits(model, variant, tokens);
        var parent = model.CreateSession(variant, 32);
        parent.Append(tokens.AsSpan(0, 6));
        var child = parent.Fork();
        parent.Reset();
        parent.Append([7, 7, 7, 7, 7, 7, 7, 7]); // would overwrite the shared positions if the cache were reused
        child.Append(tokens.AsSpan(6));
        Assert.True(ReferenceModels.RelativeMaxError(child.Logits(), expected) <= SamePathTolerance);
        child.Reset();
        child.Append(tokens);
        Assert.True(ReferenceModels.RelativeMaxError(child.Logits(), expected) <= SamePathTolerance);
    }

    [Fact]
    public void A_fork_may_run_another_variant_over_the_shared_prefix()
    {
        var (tokens, _) = ReferenceModels.Reference(ReferenceModels.GqaF32);
        using var model = ModelFixtures.Load(ReferenceModels.GqaF32, ["f32", "fp4"]);
        var parent = model.CreateSession(model.GetVariant("f32"), 32);
        parent.Append(tokens.AsSpan(0, 6));
        var child = parent.Fork(model.GetVariant("fp4"));
        Assert.Equal("fp4", child.Variant.Name);
        child.Append(tokens.AsSpan(6));
        var pure = ModelFixtures.PrefillLogits(model, model.GetVariant("fp4"), tokens);
        Assert.NotEqual(pure, child.Logits().ToArray());
    }

    [Fact]
    public void Misuse_is_reported_clearly()
    {
        using var model = ModelFixtures.Load(ReferenceModels.GqaF32, ["fp8"]);
        using var other = ModelFixtures.Load(ReferenceModels.GqaF32, ["fp8"]);
        var session = model.CreateSession(model.GetVariant("fp8"), 4);
        Assert.Throws<InvalidOperationException>(() => session.Logits().ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => session.Append(64));
        Assert.Throws<ArgumentOutOfRangeException>(() => session.Append(-1));
        Assert.Equal(0, session.Length);
        session.Append([1, 2, 3]);
        Assert.Throws<InvalidOperationException>(() => session.Append([1, 2]));
        Assert.Equal(3, session.Length);
        session.Append(4);
        Assert.Equal(0, session.Remaining);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.CreateSession(model.GetVariant("fp8"), model.Config.MaxPositions + 1));
        Assert.Throws<ArgumentException>(() => model.CreateSession(other.GetVariant("fp8")));
        Assert.Throws<KeyNotFoundException>(() => model.GetVariant("fp16"));
    }
}
