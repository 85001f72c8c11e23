using Fpx.Scenarios.Trading;

namespace Fpx.Scenarios.Tests.Trading;

public class ReplayTests
{
    private const int Hold = TradingVocabulary.Hold, Buy = TradingVocabulary.Buy, Sell = TradingVocabulary.Sell;

    [Fact]
    public async Task OrdersFillAtThePriceOfTheMomentTheyArrive()
    {
        // One bar rising linearly 100 -> 101 over second 100 (open = low, close = high).
        var day = new MarketDay("t", "2025-01-02", [new OhlcBar(100, 100, 101, 100, 101), new OhlcBar(101, 101, 101, 101, 101)]);
        // 5000 us at 100x is 0.5 market seconds: the order arrives mid-bar at 100.5.
        var trader = new ScriptTrader("slow", v => v.Time == 100 ? Buy : Hold, latencyUs: 5000);
        var outcome = (await TradingReplay.RunAsync(day, [trader], TestDays.Options))[0];
        var fill = Assert.Single(outcome.Fills);
        Assert.Equal(100.5, fill.ArrivalTime, 9);
        Assert.Equal(100.5 + 0.005, fill.Price, 9);
        Assert.Equal(100, fill.DecisionPrice, 9);
        Assert.Equal(0.505, fill.Slippage, 9);
        Assert.Equal(0, fill.WalkTicks);
    }

    [Fact]
    public async Task ArrivalOrderDecidesWhoGetsTheBestPriceAndLaterOrdersWalkIt()
    {
        var day = TestDays.Flat(100, 50, 50, 50, 50);
        ITrader slow = new ScriptTrader("slow", v => v.Time == 100 ? Buy : Hold, latencyUs: 300);
        ITrader fast = new ScriptTrader("fast", v => v.Time == 100 ? Buy : Hold, latencyUs: 100);
        ITrader slowest = new ScriptTrader("slowest", v => v.Time == 100 ? Buy : Hold, latencyUs: 900);
        // Listed slowest first: order of arrival, not of listing, must decide.
        var outcomes = await TradingReplay.RunAsync(day, [slowest, slow, fast], TestDays.Options);
        var price = outcomes.ToDictionary(o => o.Trader, o => Assert.Single(o.Fills).Price);
        Assert.Equal(50.005, price["fast"], 9);  // best ask: mid + half a tick
        Assert.Equal(50.015, price["slow"], 9);  // the depth is taken: one tick worse
        Assert.Equal(50.025, price["slowest"], 9);
        // Alone, each gets the best price.
        foreach (var trader in new[] { slowest, slow, fast })
        {
            var alone = (await TradingReplay.RunAsync(day, [trader], TestDays.Options))[0];
            Assert.Equal(50.005, Assert.Single(alone.Fills).Price, 9);
        }
    }

    [Fact]
    public void DepthRefillsLinearlyAndSidesAreIndependent()
    {
        var book = new OrderBook(new TradingOptions { DepthLots = 1, RefillSeconds = 0.25 });
        Assert.Equal(0, book.Take(OrderSide.Buy, 10, 100).WalkTicks);
        Assert.Equal(1, book.Take(OrderSide.Buy, 10.1, 100).WalkTicks); // 0.6 lot still taken
        Assert.Equal(0, book.Take(OrderSide.Sell, 10.1, 100).WalkTicks); // bids are untouched
        Assert.Equal(1, book.Take(OrderSide.Buy, 10.4, 100).WalkTicks);  // 1.6 - 1.2 = 0.4 taken
        Assert.Equal(0, book.Take(OrderSide.Buy, 11, 100).WalkTicks);    // fully refilled
        Assert.Equal(99.995, book.Quote(OrderSide.Sell, 12, 100), 9);
        Assert.Throws<InvalidOperationException>(() => book.Take(OrderSide.Buy, 5, 100));
    }

    [Fact]
    public async Task PositionLimitsHold()
    {
        var day = TestDays.Flat(100, Enumerable.Repeat(20.0, 30).ToArray());
        var buyer = new ScriptTrader("buyer", _ => Buy);
        var outcome = (await TradingReplay.RunAsync(day, [buyer], TestDays.Options))[0];
        Assert.Equal(4, outcome.PositionLots);
        Assert.Equal(4, outcome.Fills.Count);
        Assert.Equal(26, outcome.Rejected);
        var seller = new ScriptTrader("seller", _ => Sell);
        Assert.Equal(-4, (await TradingReplay.RunAsync(day, [seller], TestDays.Options))[0].PositionLots);
    }

    [Fact]
    public async Task YieldOfAHandComputedDay()
    {
        // 100.00 for seconds 100-149, 101.00 for 150-199. Buy a lot at 100, sell it at 160, buy one at 170 and hold.
        var prices = Enumerable.Repeat(100.0, 50).Concat(Enumerable.Repeat(101.0, 50)).ToArray();
        var day = TestDays.Flat(100, prices);
        var trader = new ScriptTrader("script", v => v.Time switch { 100 => Buy, 160 => Sell, 170 => Buy, _ => Hold });
        var outcome = (await TradingReplay.RunAsync(day, [trader], TestDays.Options))[0];
        // cash = 10000 - 10 * 100.005 + 10 * 100.995 - 10 * 101.005 = 8999.85; equity = cash + 10 * 101 (close).
        Assert.Equal(8999.85, outcome.Cash, 6);
        Assert.Equal(1, outcome.PositionLots);
        Assert.Equal(10009.85, outcome.FinalEquity, 6);
        Assert.Equal(0.000985, outcome.Yield, 9);
        Assert.Equal(100, outcome.Decisions);
        Assert.Equal(outcome.FinalEquity - 10000, outcome.BlockPnl.Sum(), 6);
        Assert.Equal(10, outcome.BlockPnl.Count); // ten 10-second blocks
    }

    [Fact]
    public async Task LateOrdersAfterTheCloseAreDroppedAndSlowTradersDecideLessOften()
    {
        var day = TestDays.Flat(100, 10, 10, 10);
        // 25 ms at 100x = 2.5 market seconds: decides at 100, arrives at 102.5; decides again at 103 = after the close.
        var trader = new ScriptTrader("slow", _ => Buy, latencyUs: 25_000);
        var outcome = (await TradingReplay.RunAsync(day, [trader], TestDays.Options))[0];
        Assert.Equal([100.0], trader.DecisionTimes);
        Assert.Single(outcome.Fills);
        var slower = new ScriptTrader("slower", _ => Buy, latencyUs: 40_000);
        var late = (await TradingReplay.RunAsync(day, [slower], TestDays.Options))[0];
        Assert.Equal(1, late.Late);
        Assert.Empty(late.Fills);
    }

    [Fact]
    public void HindsightLabelsLookAheadBeyondCostsAndRespectLimits()
    {
        var day = TestDays.Flat(100, 10.00, 10.00, 10.03, 10.03, 9.99, 9.99);
        var options = TestDays.Options with { LabelHorizonSeconds = 2, LabelThresholdTicks = 2 };
        Assert.Equal(Buy, HindsightExpert.Label(day, 100, 0, options));   // +3 ticks
        Assert.Equal(Hold, HindsightExpert.Label(day, 100, 4, options));  // at the limit
        Assert.Equal(Sell, HindsightExpert.Label(day, 102, 0, options));  // -4 ticks
        Assert.Equal(Hold, HindsightExpert.Label(day, 104, 0, options));  // 9.99 -> 9.99 (the close holds past the end)
        Assert.Equal(Hold, HindsightExpert.Label(day, 103, 0, options with { LabelThresholdTicks = 5 })); // -4 ticks is not beyond 5
    }

    [Fact]
    public async Task SoloAndArenaStudyIsDeterministicForASeed()
    {
        var day = MarketDataLoader.Load(Path.Combine(TestDays.MarketData(), "ohlc_AAPL_2025-04-04.json"))[0];
        var window = new MarketDay(day.Name, day.Date, day.Bars.Where(b => b.Second < 10 * 3600 + 600).ToArray());
        var options = new TradingOptions { Seed = 5, WarmupSeconds = 60 };
        ITrader[] traders = [new HindsightTrader("oracle-fast", 200), new HindsightTrader("oracle-slow", 2000), new RandomTrader("random", 0.2, 500)];
        var a = await TradingStudy.RunAsync([window], traders, options);
        var b = await TradingStudy.RunAsync([window], traders, options);
        Assert.Equal(ResultWriter.ToJson(a.Rows), ResultWriter.ToJson(b.Rows));
        Assert.Equal(6, a.Rows.Count);
        var arena = a.Rows.Where(r => r.Mode == "arena").ToDictionary(r => r.Policy);
        Assert.True(arena["oracle-fast"].Outcome > arena["oracle-slow"].Outcome, "in the arena the faster oracle takes the better prices");
        Assert.True(arena["oracle-slow"].Extra["walk_ticks"] > arena["oracle-fast"].Extra["walk_ticks"]);
        Assert.Equal(1.0, arena["oracle-fast"].Quality);
        Assert.All(a.Rows, r => Assert.InRange(r.Outcome, r.CiLow - 1e-12, r.CiHigh + 1e-12));
    }
}
