using Fpx.Policy.Latency;

namespace Fpx.Policy.Tests.Latency;

public class StandardNormalTests
{
    [Theory]
    [InlineData(0.5, 0)]
    [InlineData(0.9, 1.2815515655446004)]
    [InlineData(0.99, 2.3263478740408408)]
    [InlineData(0.999, 3.090232306167813)]
    [InlineData(0.01, -2.3263478740408408)]
    public void Quantile_matches_tables(double p, double z) =>
        Assert.Equal(z, StandardNormal.Quantile(p), 1e-8);

    [Fact]
    public void Cdf_inverts_the_quantile()
    {
        for (double p = 0.001; p < 1; p += 0.01)
        {
            Assert.Equal(p, StandardNormal.Cdf(StandardNormal.Quantile(p)), 1e-6);
        }
    }

    [Fact]
    public void Ends_are_infinite()
    {
        Assert.Equal(double.NegativeInfinity, StandardNormal.Quantile(0));
        Assert.Equal(double.PositiveInfinity, StandardNormal.Quantile(1));
    }
}
