using Fpx.Engine.Calibration;
using Fpx.Engine.Model;
using Fpx.Engine.Quant;
using Fpx.Engine.Runtime;

namespace Fpx.Engine.Tests.Runtime;

public class VariantTests
{
    [Theory]
    [InlineData("f32", "f32", null)]
    [InlineData("fp4", "fp4", null)]
    [InlineData("fpx-g0.3", "fpx-g0.30", 0.3)]
    [InlineData("fpx-g0.25", "fpx-g0.25", 0.25)]
    [InlineData("fpx-g1", "fpx-g1.00", 1.0)]
    [InlineData("fpx-g0", "fpx-g0.00", 0.0)]
    public void Variant_names_parse_to_a_canonical_form(string name, string canonical, double? gamma)
    {
        Assert.True(VariantNames.TryParse(name, out var uniform, out double g, out string c));
        Assert.Equal(canonical, c);
        Assert.Equal(gamma is null, uniform is not null);
        Assert.Equal(gamma ?? 0, g);
    }

    [Theory]
    [InlineData("fp5")]
    [InlineData("FP8")]
    [InlineData("fpx-g1.5")]
    [InlineData("fpx-g0.123")]
    [InlineData("fpx-g-0.1")]
    [InlineData("fpx-g")]
    [InlineData("")]
    public void Unknown_variant_names_are_refused(string name)
    {
        Assert.False(VariantNames.TryParse(name, out _, out _, out _));
        Assert.Throws<ArgumentException>(() => new ModelLoadOptions { Variants = [name] });
    }

    [Fact]
    public void Options_validate_their_ranges()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ModelLoadOptions { Fp4Format = WeightFormat.F16 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ModelLoadOptions { HeadFormat = WeightFormat.MxFp4 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ModelLoadOptions { MaxBatchRows = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ModelLoadOptions { SessionTokens = 0 });
        Assert.Throws<ArgumentException>(() => new ModelLoadOptions { Variants = [] });
    }

    [Fact]
    public void The_pool_holds_only_the_encodings_the_variants_need()
    {
        using var serving = ModelFixtures.Load(ReferenceModels.GqaF32, VariantNames.Serving);
        Assert.Equal([LinearEncoding.F16, LinearEncoding.Fp8, LinearEncoding.Fp4], serving.Footprints.Select(f => f.Encoding));
        using var fp8 = ModelFixtures.Load(ReferenceModels.GqaF32, ["fp8"]);
        Assert.Equal([LinearEncoding.Fp8], fp8.Footprints.Select(f => f.Encoding));
    }

    [Fact]
    public void Mixes_cost_no_memory_beyond_the_fp8_and_fp4_copies()
    {
        using var plain = ModelFixtures.Load(ReferenceModels.Qwen2BiasTiedBf16, ["fp8", "fp4"]);
        string[] withMixes = ["fp8", "fp4", .. VariantNames.StandardGammas.Select(VariantNames.Mix)];
        using var mixed = ModelFixtures.Load(ReferenceModels.Qwen2BiasTiedBf16, withMixes);
        Assert.Equal(plain.ResidentBytes, mixed.ResidentBytes);
        long fp8 = mixed.GetVariant("fp8").ResidentBytes, fp4 = mixed.GetVariant("fp4").ResidentBytes;
        foreach (var v in mixed.Variants)
        {
            Assert.InRange(v.ResidentBytes, fp4, fp8);
            Assert.InRange(v.BitsPerWeight, 4.25, 8.0);
        }
    }

    [Fact]
    public void A_mix_puts_the_least_sensitive_layers_of_the_ladder_in_fp4()
    {
        using var model = ModelFixtures.Load(ReferenceModels.MqaShardedBf16, VariantNames.Serving);
        var ladder = model.Ladder!;
        Assert.Equal("default calibration", model.LadderSource);
        int n = model.Config.Layers * LinearLayer.PerLayer;
        double previousBits = double.MaxValue;
        foreach (double gamma in VariantNames.StandardGammas)
        {
            var v = model.GetVariant(VariantNames.Mix(gamma));
            int k = Ladder.Fp4Count(n, gamma);
            Assert.Equal(k, v.Fp4Layers);
            var fp4 = Enumerable.Range(0, n).Select(LinearLayer.FromIndex).Where(l => v.Encoding(l) == LinearEncoding.Fp4).ToHashSet();
            Assert.True(fp4.SetEquals(ladder.Order.Take(k)));
            Assert.True(v.BitsPerWeight <= previousBits);
            previousBits = v.BitsPerWeight;
        }
        Assert.Equal(8, Ladder.Fp4Count(21, 0.40)); // 8.4 -> 8
        Assert.Equal(11, Ladder.Fp4Count(21, 0.50)); // 10.5 -> 11: halves round up
    }

    [Fact]
    public void Nvfp4_can_back_the_fp4_encoding()
    {
        using var model = ModelFixtures.Load(ReferenceModels.GqaF32, ["fp4"], fp4: WeightFormat.NvFp4);
        Assert.Equal(WeightFormat.NvFp4, model.Fp4Format);
        Assert.Equal(4.5, model.GetVariant("fp4").BitsPerWeight);
        Assert.Equal(WeightFormat.NvFp4, model.Footprints.Single().Format);
    }

    [Fact]
    public void Variant_lookup_accepts_non_canonical_names()
    {
        using var model = ModelFixtures.Load(ReferenceModels.GqaF32, ["fpx-g0.3"]);
        Assert.Equal("fpx-g0.30", model.GetVariant("fpx-g0.3").Name);
        Assert.True(model.TryGetVariant("fpx-g0.30", out _));
        Assert.False(model.TryGetVariant("fp8", out _));
    }
}
