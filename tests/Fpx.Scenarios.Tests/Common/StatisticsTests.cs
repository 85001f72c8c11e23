using Fpx.Scenarios.Statistics;

namespace Fpx.Scenarios.Tests.Common;

public class StatisticsTests
{
    [Theory]
    // Hand-computed from the Wilson formula with z = 1.959964.
    [InlineData(5, 10, 0.2365931, 0.7634069)]
    [InlineData(10, 10, 0.7224672, 1.0)]
    [InlineData(0, 10, 0.0, 0.2775328)]
    [InlineData(7.5, 10, 0.4421814, 0.9190522)]
    public void WilsonMatchesHandComputedIntervals(double successes, int trials, double low, double high)
    {
        var ci = Wilson.Interval(successes, trials);
        Assert.Equal(successes / trials, ci.Estimate, 12);
        Assert.Equal(low, ci.Low, 6);
        Assert.Equal(high, ci.High, 6);
    }

    [Fact]
    public void WilsonWithoutTrialsIsUninformative()
    {
        Assert.Equal(new ConfidenceInterval(0.5, 0, 1), Wilson.Interval(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Wilson.Interval(11, 10));
    }

    [Fact]
    public void BradleyTerryTwoPlayersHaveTheOddsOfTheirRecord()
    {
        // A beat B 3 times in 4: the MLE makes p_A / p_B = 3 exactly.
        var p = BradleyTerry.Fit(new double[,] { { 0, 3 }, { 1, 0 } });
        Assert.Equal(3.0, p[0] / p[1], 6);
        Assert.Equal(1.0, p[0] * p[1], 6); // geometric mean 1
        Assert.Equal(400 * Math.Log10(3), BradleyTerry.ToElo(p[0]) - BradleyTerry.ToElo(p[1]), 4);
    }

    [Fact]
    public void BradleyTerrySatisfiesTheLikelihoodEquations()
    {
        // At the MLE each player's expected wins equal its actual wins (Hunter 2004, eq. 2).
        var wins = new double[,] { { 0, 3, 2 }, { 1, 0, 2 }, { 2, 1, 0 } };
        var p = BradleyTerry.Fit(wins);
        for (int i = 0; i < 3; i++)
        {
            double actual = 0, expected = 0;
            for (int j = 0; j < 3; j++)
            {
                if (i != j)
                {
                    actual += wins[i, j];
                    expected += (wins[i, j] + wins[j, i]) * p[i] / (p[i] + p[j]);
                }
            }
            Assert.Equal(actual, expected, 6);
        }
        Assert.True(p[0] > p[1] && p[0] > p[2], "the player with 5 of 7 wins is strongest");
    }

    [Fact]
    public void BradleyTerryCycleIsEvenAndPriorKeepsWinlessFinite()
    {
        var cycle = BradleyTerry.Fit(new double[,] { { 0, 2, 0 }, { 0, 0, 2 }, { 2, 0, 0 } });
        Assert.All(cycle, s => Assert.Equal(1.0, s, 6));
        var shutout = BradleyTerry.Fit(new double[,] { { 0, 5 }, { 0, 0 } }, prior: 1);
        // One virtual draw: 5.5 to 0.5 -> odds 11.
        Assert.Equal(11.0, shutout[0] / shutout[1], 6);
    }

    [Fact]
    public void BootstrapIsSeededAndBracketsTheEstimate()
    {
        double[] data = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        var a = Bootstrap.Interval(data, Bootstrap.Mean, seed: 7);
        var b = Bootstrap.Interval(data, Bootstrap.Mean, seed: 7);
        Assert.Equal(a, b);
        Assert.Equal(5.5, a.Estimate);
        Assert.InRange(a.Low, 3.5, 5.5);
        Assert.InRange(a.High, 5.5, 7.5);
        var flat = Bootstrap.Interval([2.0, 2.0, 2.0], Bootstrap.Sum, seed: 1);
        Assert.Equal(new ConfidenceInterval(6, 6, 6), flat);
        Assert.Equal(2.5, Bootstrap.Quantile([1, 2, 3, 4], 0.5));
    }

    [Fact]
    public void LatencySummaryUsesNearestRank()
    {
        var s = LatencySummary.From(Enumerable.Range(1, 100).Select(i => (double)i));
        Assert.Equal(100, s.Count);
        Assert.Equal(50.5, s.MeanUs);
        Assert.Equal(50, s.P50Us);
        Assert.Equal(99, s.P99Us);
        Assert.Equal(default, LatencySummary.From([]));
    }
}
