using Fpx.Policy.Latency;

namespace Fpx.Policy.Tests.Latency;

public class LogLinearBinsTests
{
    [Fact]
    public void Bins_tile_the_range_without_gaps_or_overlaps()
    {
        Assert.Equal(0, LogLinearBins.Lower(0));
        for (int i = 1; i < LogLinearBins.Count; i++)
        {
            Assert.Equal(LogLinearBins.Upper(i - 1), LogLinearBins.Lower(i));
        }

        Assert.Equal(LogLinearBins.MaxValue + 1, LogLinearBins.Upper(LogLinearBins.Count - 1));
    }

    [Fact]
    public void Every_value_lands_in_the_bin_that_contains_it()
    {
        var random = new Random(1);
        for (int n = 0; n < 100_000; n++)
        {
            double v = Math.Exp(random.NextDouble() * Math.Log(LogLinearBins.MaxValue));
            int i = LogLinearBins.IndexOf(v);
            Assert.InRange(v, LogLinearBins.Lower(i), LogLinearBins.Upper(i));
        }
    }

    [Fact]
    public void A_bin_is_at_most_one_32nd_of_its_values_wide_above_64_us()
    {
        for (int i = 64; i < LogLinearBins.Count; i++)
        {
            Assert.True(LogLinearBins.Width(i) <= LogLinearBins.Lower(i) / 32, $"bin {i}");
        }

        Assert.Equal(1, LogLinearBins.Width(63));
    }

    [Theory]
    [InlineData(-5, 0)]
    [InlineData(0, 0)]
    [InlineData(63.9, 63)]
    [InlineData(1e12, LogLinearBins.Count - 1)]
    public void Out_of_range_values_are_clamped(double value, int expected) =>
        Assert.Equal(expected, LogLinearBins.IndexOf(value));
}
