using Fpx.Engine.Calibration;

namespace Fpx.Engine.Tests.Calibration;

public class RankStatisticsTests
{
    [Fact]
    public void Identical_and_reversed_orders_are_plus_and_minus_one()
    {
        double[] x = [0.1, 0.5, 0.2, 0.9, 0.3];
        double[] reversed = x.Select(v => -v).ToArray();
        Assert.Equal(1, RankStatistics.Spearman(x, x), 12);
        Assert.Equal(1, RankStatistics.KendallTauB(x, x), 12);
        Assert.Equal(-1, RankStatistics.Spearman(x, reversed), 12);
        Assert.Equal(-1, RankStatistics.KendallTauB(x, reversed), 12);
    }

    [Fact]
    public void Textbook_values()
    {
        // Ranks 1..5 against 2,1,4,3,5: two discordant pairs of ten, sum of squared rank differences 4.
        double[] x = [1, 2, 3, 4, 5];
        double[] y = [2, 1, 4, 3, 5];
        Assert.Equal(0.6, RankStatistics.KendallTauB(x, y), 12);
        Assert.Equal(1 - 6.0 * 4 / (5 * 24), RankStatistics.Spearman(x, y), 12);
        // Ties share their average rank.
        Assert.Equal([1.0, 2.5, 2.5, 4.0], RankStatistics.AverageRanks([1, 7, 7, 9]));
        // tau-b with ties: x has one tied pair among 6; concordant 5, discordant 0.
        Assert.Equal(5 / Math.Sqrt(5.0 * 6), RankStatistics.KendallTauB([1, 2, 2, 3], [1, 2, 3, 4]), 12);
    }
}
