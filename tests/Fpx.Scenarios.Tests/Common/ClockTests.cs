namespace Fpx.Scenarios.Tests.Common;

public class ClockTests
{
    private static readonly IDecisionAgent Agent = new FuncDecisionAgent(_ => 1, "fp8", latencyUs: 123);

    [Fact]
    public async Task VirtualClockChargesTheReportedLatencyOrTheModels()
    {
        var context = new DecisionContext(0, 0, 1);
        var reported = await DecisionClock.Virtual().DecideAsync(Agent, new int[3], 1000, context, default);
        Assert.Equal(new AgentDecision(1, 123, "fp8"), reported);
        var model = new LatencyModel(new Dictionary<string, double> { ["fp8"] = 500 });
        var modelled = await DecisionClock.Virtual(model).DecideAsync(Agent, new int[3], 1000, context, default);
        Assert.Equal(500, modelled.LatencyUs);
    }

    [Fact]
    public async Task WallClockChargesTheElapsedTime()
    {
        var time = new SteppingTimeProvider(TimeSpan.FromMicroseconds(750));
        var decision = await DecisionClock.Wall(time).DecideAsync(Agent, new int[3], 1000, default, default);
        Assert.Equal(750, decision.LatencyUs, 6);
        Assert.Equal(1, decision.Action);
    }

    [Fact]
    public void LatencyJitterIsDeterministicAndKeepsTheMean()
    {
        var model = new LatencyModel(new Dictionary<string, double> { ["fp4"] = 400 }, jitterSigma: 0.3);
        var samples = Enumerable.Range(0, 20000).Select(i => model.SampleUs("fp4", new DecisionContext(1, i, 42))).ToList();
        Assert.Equal(samples, Enumerable.Range(0, 20000).Select(i => model.SampleUs("fp4", new DecisionContext(1, i, 42))));
        Assert.InRange(samples.Average(), 392, 408);
        Assert.NotEqual(samples[0], model.SampleUs("fp4", new DecisionContext(2, 0, 42)));
        Assert.Equal(0, LatencyModel.Fixed(0).SampleUs("anything", default));
    }

    [Fact]
    public void TimeScaleConvertsLatencyToGameTime()
    {
        var game = TimeScale.FromFramesPerMillisecond(4, 60);
        Assert.Equal(4, game.ToFrames(1000, 60), 9);
        Assert.Equal(1000, game.ToLatencyUs(4 / 60.0), 9);
        var market = new TimeScale(100);
        Assert.Equal(0.2, market.ToSimulatedSeconds(2000), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimeScale(0));
    }

    /// <summary>Each timestamp read advances time by a fixed step, so one call measures exactly one step.</summary>
    private sealed class SteppingTimeProvider(TimeSpan step) : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp()
        {
            long now = _ticks;
            _ticks += step.Ticks;
            return now;
        }
    }
}
