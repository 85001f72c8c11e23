using Fpx.Scenarios.Trading;

namespace Fpx.Scenarios.Tests.Trading;

public class PricePathTests
{
    [Fact]
    public void PathPassesThroughOpenNearerExtremeOtherExtremeAndClose()
    {
        // Open 100.2 is nearer the high (100.5) than the low (99.5): high first. Legs 0.3, 1.0, 0.5 of 1.8.
        var bar = new OhlcBar(0, 100.2, 100.5, 99.5, 100.0);
        var day = new MarketDay("t", "2025-01-02", [bar, bar with { Second = 1 }]);
        Assert.Equal(100.2, day.PriceAt(0), 12);
        Assert.Equal(100.5, day.PriceAt(0.3 / 1.8), 9);
        Assert.Equal(99.5, day.PriceAt(1.3 / 1.8), 9);
        Assert.Equal(100.0, MarketDay.WithinBar(bar, 1), 12);
        Assert.Equal(100.0, day.PriceAt(0.999999), 4);
        Assert.Equal(100.35, day.PriceAt(0.15 / 1.8), 9); // halfway up the first leg
    }

    [Fact]
    public void LowFirstWhenNearerAndTiesHeadTowardTheClose()
    {
        Assert.Equal((99.9, 100.5), MarketDay.ExtremeOrder(new OhlcBar(0, 100, 100.5, 99.9, 100.2)));
        // Equidistant extremes: visit the one farther from the close first, so the last leg heads to the close.
        Assert.Equal((100.5, 99.5), MarketDay.ExtremeOrder(new OhlcBar(0, 100, 100.5, 99.5, 99.6)));
        Assert.Equal((99.5, 100.5), MarketDay.ExtremeOrder(new OhlcBar(0, 100, 100.5, 99.5, 100.4)));
    }

    [Fact]
    public void GapsHoldTheLastCloseAndTheDayStartsAtTheFirstOpen()
    {
        var day = new MarketDay("t", "2025-01-02", [new OhlcBar(10, 50, 51, 49, 50.5), new OhlcBar(20, 52, 52, 52, 52)]);
        Assert.Equal(50, day.PriceAt(3));
        Assert.Equal(50.5, day.PriceAt(11));
        Assert.Equal(50.5, day.PriceAt(19.99));
        Assert.Equal(52, day.PriceAt(20));
        Assert.Equal(52, day.PriceAt(400));
        Assert.Equal(21, day.End);
        Assert.Equal(52, day.ClosePrice);
    }

    [Fact]
    public void PathNeverLeavesTheBarsRange()
    {
        var rng = new Random(3);
        for (int i = 0; i < 2000; i++)
        {
            double low = 100 + rng.NextDouble(), high = low + rng.NextDouble() * 0.2;
            var bar = new OhlcBar(0, low + rng.NextDouble() * (high - low), high, low, low + rng.NextDouble() * (high - low));
            for (double f = 0; f <= 1; f += 0.05)
            {
                Assert.InRange(MarketDay.WithinBar(bar, f), low - 1e-12, high + 1e-12);
            }
            Assert.Equal(bar.Open, MarketDay.WithinBar(bar, 0), 12);
            Assert.Equal(bar.Close, MarketDay.WithinBar(bar, 1), 9);
        }
    }
}
