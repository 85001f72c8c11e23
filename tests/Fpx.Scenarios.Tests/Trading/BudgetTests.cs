using Fpx.Scenarios.Trading;

namespace Fpx.Scenarios.Tests.Trading;

public class BudgetTests
{
    /// <summary>A day whose bars each range <paramref name="rangeTicks"/> ticks around 100 (open low, close high).</summary>
    private static MarketDay Moving(int seconds, double rangeTicks) =>
        new("test/moving", "2025-01-02", Enumerable.Range(0, seconds)
            .Select(i => new OhlcBar(36000 + i, 100, 100 + rangeTicks * 0.01, 100, 100 + rangeTicks * 0.01)).ToArray());

    private static TradingView ViewAt(MarketDay day, double time) => new(day, time, day.PriceAt(time), 10_000, 0, [], 0);

    [Fact]
    public void Path_travel_counts_each_bars_legs_and_the_jumps_between_bars()
    {
        // Each bar goes 100 -> 100.05 (5 ticks), then jumps back to 100 at the next open (5 ticks).
        var day = Moving(20, 5);
        Assert.Equal(10 * 0.05 + 9 * 0.05, day.PathTravel(36000, 36010), 9);
    }

    [Fact]
    public void Trading_budget_is_the_time_one_tick_of_travel_takes_at_recent_speed()
    {
        var options = new TradingOptions();
        var rule = new TradingBudget();
        // 5 ticks per bar plus a 5-tick jump: 9.5 ticks per market second over the 10 s window;
        // 1 tick takes 1/9.5 market s = 1/9.5/100 wall s = 1053 us.
        long budget = rule.Of(ViewAt(Moving(40, 5), 36030), options);
        Assert.InRange(budget, 1040, 1060);
        // Twice as fast: half the budget.
        Assert.InRange(rule.Of(ViewAt(Moving(40, 10), 36030), options), 520, 530);
    }

    [Fact]
    public void Trading_budget_is_loose_when_calm_and_clamped_when_frantic()
    {
        var options = new TradingOptions();
        var rule = new TradingBudget();
        Assert.Equal(rule.MaxUs, rule.Of(ViewAt(TestDays.Flat(36000, [.. Enumerable.Repeat(100.0, 40)]), 36030), options));
        Assert.Equal(rule.MinUs, rule.Of(ViewAt(Moving(40, 500), 36030), options));
    }
}

public class ModelTraderBudgetTests
{
    [Fact]
    public async Task A_model_trader_sends_the_budget_its_rule_gives_for_each_view()
    {
        var seen = new List<long>();
        var agent = new RecordingAgent(seen);
        var trader = new ModelTrader("m", agent, DecisionClock.Virtual(), budget: view => (long)view.Time);
        var day = TestDays.Flat(100, 10, 10, 10, 10);
        await trader.DecideAsync(new TradingView(day, 101, 10, 0, 0, [], 0), default, default);
        await trader.DecideAsync(new TradingView(day, 102, 10, 0, 0, [], 0), default, default);
        Assert.Equal([101L, 102L], seen);
    }

    private sealed class RecordingAgent(List<long> budgets) : IDecisionAgent
    {
        public ValueTask<AgentDecision> DecideAsync(ReadOnlyMemory<int> observation, long budgetUs, CancellationToken cancellationToken)
        {
            budgets.Add(budgetUs);
            return new(new AgentDecision(0, 0, "x"));
        }
    }
}
