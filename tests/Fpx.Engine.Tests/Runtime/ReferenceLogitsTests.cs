using Fpx.Engine.Quant;
using Fpx.Engine.Runtime;
using Xunit.Abstractions;

namespace Fpx.Engine.Tests.Runtime;

/// <summary>
/// The runtime against an independent implementation: tools/make_reference_models.py computes
/// the same architecture in PyTorch (float64) on the same checkpoints. Error measure for logits:
/// max |ours − reference| / max |reference| (the issue's definition).
/// </summary>
public class ReferenceLogitsTests(ITestOutputHelper output)
{
    public static TheoryData<string> Fixtures() => ReferenceModels.Names();

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void F32_variant_matches_PyTorch_at_the_last_position(string name)
    {
        var (tokens, reference) = ReferenceModels.Reference(name);
        using var model = ModelFixtures.Load(name, ["f32"]);
        var logits = ModelFixtures.PrefillLogits(model, model.GetVariant("f32"), tokens);
        double error = ReferenceModels.RelativeMaxError(logits, reference[^1]);
        output.WriteLine($"{name} f32 last-position error {error:E2}");
        Assert.True(error <= Tolerances.LogitsF32, $"{error:E3}");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void F32_variant_matches_PyTorch_at_every_position_when_decoding_token_by_token(string name)
    {
        var (tokens, reference) = ReferenceModels.Reference(name);
        using var model = ModelFixtures.Load(name, ["f32"]);
        var logits = ModelFixtures.StepwiseLogits(model, model.GetVariant("f32"), tokens);
        for (int i = 0; i < tokens.Length; i++)
        {
            Assert.True(ReferenceModels.RelativeMaxError(logits[i], reference[i]) <= Tolerances.LogitsF32, $"position {i}");
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fp16_variant_matches_PyTorch(string name)
    {
        var (tokens, reference) = ReferenceModels.Reference(name);
        using var model = ModelFixtures.Load(name, ["fp16"]);
        var logits = ModelFixtures.PrefillLogits(model, model.GetVariant("fp16"), tokens);
        double error = ReferenceModels.RelativeMaxError(logits, reference[^1]);
        output.WriteLine($"{name} fp16 last-position error {error:E2}");
        Assert.True(error <= Tolerances.LogitsF16, $"{error:E3}");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void An_F16_head_keeps_fp16_within_tolerance(string name)
    {
        var (tokens, reference) = ReferenceModels.Reference(name);
        using var model = ModelFixtures.Load(name, ["fp16"], head: WeightFormat.F16);
        Assert.Equal(WeightFormat.F16, model.HeadFormat);
        var logits = ModelFixtures.PrefillLogits(model, model.GetVariant("fp16"), tokens);
        Assert.True(ReferenceModels.RelativeMaxError(logits, reference[^1]) <= Tolerances.LogitsF16);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fp8_and_fp4_divergences_from_f32_stay_bounded_and_ordered(string name)
    {
        var (tokens, _) = ReferenceModels.Reference(name);
        foreach (var fp4 in new[] { WeightFormat.MxFp4, WeightFormat.NvFp4 })
        {
            using var model = ModelFixtures.Load(name, fp4: fp4);
            var f32 = ModelFixtures.StepwiseLogits(model, model.GetVariant("f32"), tokens);
            var kl = model.Variants.ToDictionary(v => v.Name, v => ModelFixtures.MeanKl(f32, ModelFixtures.StepwiseLogits(model, v, tokens)));
            output.WriteLine($"{name} ({WeightFormatInfo.Of(fp4).Name}): " + string.Join(" ", kl.Select(p => $"{p.Key}={p.Value:E2}")));
            Assert.True(kl["fp16"] < 1e-5);
            Assert.True(kl["fp8"] <= Tolerances.MeanKlFp8, $"fp8 {kl["fp8"]:E3}");
            Assert.True(kl["fp4"] <= Tolerances.MeanKlFp4, $"fp4 {kl["fp4"]:E3}");
            Assert.True(kl["fp8"] < kl["fp4"]);
            foreach (double gamma in VariantNames.StandardGammas)
            {
                Assert.True(kl[VariantNames.Mix(gamma)] <= Tolerances.MeanKlFp4, VariantNames.Mix(gamma));
            }
        }
    }
}
