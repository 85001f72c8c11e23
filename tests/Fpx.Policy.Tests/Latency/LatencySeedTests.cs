using Fpx.Policy.Latency;
using Fpx.Policy.Profiles;

namespace Fpx.Policy.Tests.Latency;

public class LatencySeedTests
{
    [Fact]
    public void The_given_quantiles_come_back_exactly()
    {
        var seed = new LatencySeed(500, 560, 750);
        Assert.Equal(500, seed.QuantileUs(0.5));
        Assert.Equal(560, seed.QuantileUs(0.9));
        Assert.Equal(750, seed.QuantileUs(0.99));
    }

    [Fact]
    public void The_model_is_monotone_and_extends_both_ends()
    {
        var seed = new LatencySeed(500, 560, 750);
        double previous = 0;
        for (double q = 0.001; q < 1; q += 0.001)
        {
            double v = seed.QuantileUs(q);
            Assert.True(v >= previous);
            previous = v;
        }

        Assert.True(seed.QuantileUs(0.999) > 750);
        Assert.True(seed.QuantileUs(0.1) < 500);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(double.NaN)]
    public void Quantiles_outside_zero_and_one_are_rejected(double q) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencySeed(1, 2, 3).QuantileUs(q));

    [Fact]
    public void Its_histogram_reads_like_the_model_within_one_bin()
    {
        var seed = new LatencySeed(1000, 1150, 1450);
        foreach (double q in new[] { 0.5, 0.9, 0.99 })
        {
            Assert.True(seed.Histogram.TryQuantile(q, out double v));
            Assert.Equal(seed.QuantileUs(q), v, seed.QuantileUs(q) / 32);
        }
    }

    [Theory]
    [InlineData(0, 1, 2, "p50")]
    [InlineData(-1, 1, 2, "p50")]
    [InlineData(double.NaN, 1, 2, "p50")]
    [InlineData(10, 5, 20, "p90")]
    [InlineData(10, 20, 15, "p99")]
    [InlineData(10, 20, double.PositiveInfinity, "p99")]
    public void Out_of_range_quantiles_are_rejected_with_their_path(double p50, double p90, double p99, string path)
    {
        var e = Assert.Throws<ProfileValidationException>(() => new LatencySeed(p50, p90, p99));
        Assert.Equal(path, e.Path);
        Assert.Equal(PolicyErrorCodes.BadProfile, e.Code);
    }
}
