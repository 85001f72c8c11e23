using Fpx.Policy.Shadow;

namespace Fpx.Policy.Tests.Shadow;

public class ShadowSamplerTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.01)]
    [InlineData(0.25)]
    [InlineData(1.0)]
    public void About_the_configured_fraction_is_sampled(double fraction)
    {
        var sampler = new ShadowSampler(new ShadowSamplerOptions(fraction, seed: 7), () => true);
        int sampled = 0;
        for (ulong id = 0; id < 100_000; id++)
        {
            sampled += sampler.ShouldShadow(id, "fp4") ? 1 : 0;
        }

        Assert.Equal(fraction * 100_000, sampled, 0.05 * Math.Max(100, fraction * 100_000));
    }

    [Fact]
    public void Sampling_is_deterministic_per_seed_and_differs_between_seeds()
    {
        var a = new ShadowSampler(new ShadowSamplerOptions(0.1, seed: 1), () => true);
        var b = new ShadowSampler(new ShadowSamplerOptions(0.1, seed: 1), () => true);
        var c = new ShadowSampler(new ShadowSamplerOptions(0.1, seed: 2), () => true);
        var ids = Enumerable.Range(0, 10_000).Select(i => (ulong)i).ToArray();
        Assert.Equal(ids.Where(a.IsSampled), ids.Where(b.IsSampled));
        Assert.NotEqual(ids.Where(a.IsSampled), ids.Where(c.IsSampled));
    }

    [Fact]
    public void Spare_capacity_is_asked_only_for_sampled_requests_and_can_veto()
    {
        int asked = 0;
        bool spare = false;
        var sampler = new ShadowSampler(new ShadowSamplerOptions(0.5, seed: 3), () =>
        {
            asked++;
            return spare;
        });
        int sampled = 0, shadowed = 0;
        for (ulong id = 0; id < 1000; id++)
        {
            sampled += sampler.IsSampled(id) ? 1 : 0;
            spare = id % 2 == 0;
            shadowed += sampler.ShouldShadow(id, "fp8") ? 1 : 0;
        }

        Assert.Equal(sampled, asked);
        Assert.InRange(shadowed, 1, sampled - 1);
    }

    [Fact]
    public void Requests_already_on_the_reference_variant_are_not_shadowed()
    {
        var sampler = new ShadowSampler(new ShadowSamplerOptions(1.0, referenceVariant: "fp16"), () => true);
        Assert.False(sampler.ShouldShadow(1, "fp16"));
        Assert.True(sampler.ShouldShadow(1, "fp8"));
    }

    [Fact]
    public void Options_validate_their_ranges()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ShadowSamplerOptions(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ShadowSamplerOptions(double.NaN));
        Assert.Throws<ArgumentException>(() => new ShadowSamplerOptions(0.1, referenceVariant: "FP16"));
    }
}
