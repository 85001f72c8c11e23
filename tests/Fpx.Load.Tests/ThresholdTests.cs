namespace Fpx.Load.Tests;

public class ThresholdTests
{
    [Theory]
    [InlineData("p99<5ms", null, ThresholdMetric.P99, ThresholdOperator.Less, 5000)]
    [InlineData("  p50 <= 800us ", null, ThresholdMetric.P50, ThresholdOperator.LessOrEqual, 800)]
    [InlineData("p75<1.5ms", null, ThresholdMetric.P75, ThresholdOperator.Less, 1500)]
    [InlineData("p95<2s", null, ThresholdMetric.P95, ThresholdOperator.Less, 2_000_000)]
    [InlineData("p999<20ms", null, ThresholdMetric.P999, ThresholdOperator.Less, 20_000)]
    [InlineData("p99.9<20ms", null, ThresholdMetric.P999, ThresholdOperator.Less, 20_000)]
    [InlineData("max<250µs", null, ThresholdMetric.Max, ThresholdOperator.Less, 250)]
    [InlineData("fail<0.1%", null, ThresholdMetric.Fail, ThresholdOperator.Less, 0.001)]
    [InlineData("fail<=0.001", null, ThresholdMetric.Fail, ThresholdOperator.LessOrEqual, 0.001)]
    [InlineData("deadline_miss<0.1%", null, ThresholdMetric.DeadlineMiss, ThresholdOperator.Less, 0.001)]
    [InlineData("rps>900", null, ThresholdMetric.Rps, ThresholdOperator.Greater, 900)]
    [InlineData("rps>=1e3/s", null, ThresholdMetric.Rps, ThresholdOperator.GreaterOrEqual, 1000)]
    [InlineData("trading:p99<2ms", "trading", ThresholdMetric.P99, ThresholdOperator.Less, 2000)]
    [InlineData("game-bots : fail < 1%", "game-bots", ThresholdMetric.Fail, ThresholdOperator.Less, 0.01)]
    public void Parses(string text, string? scenario, ThresholdMetric metric, ThresholdOperator op, double limit)
    {
        Threshold t = Threshold.Parse(text);
        Assert.Equal(scenario, t.Scenario);
        Assert.Equal(metric, t.Metric);
        Assert.Equal(op, t.Operator);
        Assert.Equal(limit, t.Limit, 9);
        Assert.Equal(text.Trim(), t.Text);
    }

    [Theory]
    [InlineData("p99<5", "needs a unit")]
    [InlineData("p99<5min", "unknown unit 'min'")]
    [InlineData("p98<5ms", "unknown metric 'p98'")]
    [InlineData("p99=5ms", "expected [SCENARIO:]METRIC OP VALUE")]
    [InlineData("p99<-5ms", "expected [SCENARIO:]METRIC OP VALUE")]
    [InlineData("p99<", "expected [SCENARIO:]METRIC OP VALUE")]
    [InlineData("", "expected [SCENARIO:]METRIC OP VALUE")]
    [InlineData("fail<5ms", "is a rate")]
    [InlineData("fail<2", "between 0 and 1")]
    [InlineData("deadline_miss<150%", "between 0 and 1")]
    [InlineData("rps>9ms", "plain number")]
    [InlineData("a b:p99<5ms", "expected [SCENARIO:]METRIC OP VALUE")]
    public void Rejects_with_a_clear_message(string text, string message)
    {
        ThresholdFormatException e = Assert.Throws<ThresholdFormatException>(() => Threshold.Parse(text));
        Assert.Contains(message, e.Message);
        Assert.StartsWith($"Threshold '{text}'", e.Message);
        Assert.False(Threshold.TryParse(text, out Threshold? none, out string? error));
        Assert.Null(none);
        Assert.Equal(e.Message, error);
    }

    [Fact]
    public async Task Evaluates_against_each_scenario_and_fails_when_nothing_was_measured()
    {
        LoadReport report = await Fakes.RunAsync(
            Fakes.Scenario("fast", Fakes.After(TimeSpan.Zero)),
            Fakes.Scenario("failing", _ => new ValueTask<StepResult>(StepResult.Fail("expired"))));
        IReadOnlyList<ThresholdResult> all = Threshold.EvaluateAll([Threshold.Parse("fail<1%"), Threshold.Parse("fast:p99<1s"), Threshold.Parse("deadline_miss<1%")], report);
        Assert.Equal(5, all.Count);
        Assert.True(all.Single(r => r.Scenario == "fast" && r.Threshold.Metric == ThresholdMetric.Fail).Passed);
        ThresholdResult failing = all.Single(r => r.Scenario == "failing" && r.Threshold.Metric == ThresholdMetric.Fail);
        Assert.False(failing.Passed);
        Assert.Equal(1.0, failing.Actual);
        Assert.Equal("FAIL failing fail<1% (measured 100%)", failing.ToString());
        Assert.True(all.Single(r => r.Threshold.Metric == ThresholdMetric.P99).Passed);
        Assert.False(all.Single(r => r.Scenario == "failing" && r.Threshold.Metric == ThresholdMetric.DeadlineMiss).Passed); // no decisions: nothing to show
        Assert.Throws<ArgumentException>(() => Threshold.EvaluateAll([Threshold.Parse("nosuch:p99<1ms")], report));
        Assert.False(Threshold.Parse("rps>1000000").Evaluate(report["fast"]).Passed);
    }
}
