using System.Diagnostics;
using Fpx.Client;

namespace Fpx.Load.Tests;

public class LoadRunnerTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Several_scenarios_each_get_their_own_counts_histograms_and_timeline()
    {
        LoadReport report = await Fakes.RunAsync(
            Fakes.Scenario("trading", Fakes.After(TimeSpan.Zero, "fp4"), rate: 2000, seconds: 0.25),
            Fakes.Scenario("gaming", Fakes.After(TimeSpan.FromMilliseconds(2), "fp16"), rate: 400, seconds: 0.5));
        ScenarioStats trading = report["trading"], gaming = report["gaming"];
        Assert.Equal(500, trading.Requests);
        Assert.Equal(500, trading.Ok);
        Assert.Equal(200, gaming.Requests);
        Assert.Equal(200, gaming.Ok);
        Assert.Equal("fp4", Assert.Single(trading.Variants).Name);
        Assert.Equal("fp16", Assert.Single(gaming.Variants).Name);
        Assert.Equal(200, gaming.Decisions);
        Assert.Equal(0, gaming.DeadlineMissRate);
        Assert.True(gaming.Percentile(0.5) >= 1_500, $"gaming p50 {gaming.Percentile(0.5)}");
        Assert.Equal(2000, trading.Rps, 1);
        Assert.Equal(400, gaming.Rps, 1);
        foreach (ScenarioStats s in report.Scenarios)
        {
            Assert.Equal(s.Requests, s.Timeline.Sum(p => p.Requests));
            Assert.Equal(s.Ok, s.Timeline.Sum(p => p.Ok));
        }

        Assert.InRange(gaming.Timeline.Count, 5, 6); // 100 ms intervals over 0.5 s
    }

    [Fact]
    public async Task Closed_model_copies_wait_for_their_answers()
    {
        // 2 copies, at least 10 ms per answer, 1 s: at most 2 x 100 requests (+2 started at the
        // end), never more than 2 at once, and the copies keep going (158-164 measured alone).
        // Before the runner raised the thread-pool floor, the copies' continuations waited for
        // pool threads: 2 to 31 requests in a second.
        int inFlight = 0, most = 0;
        ScenarioStep step = async _ =>
        {
            int now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            await Task.Delay(10);
            Interlocked.Decrement(ref inFlight);
            return StepResult.Ok();
        };
        LoadReport report = await Fakes.RunAsync(Scenario.Create("closed", step).WithLoad(LoadSimulation.KeepConstant(2, TimeSpan.FromSeconds(1))));
        ScenarioStats s = report["closed"];
        Assert.InRange(s.Requests, 80, 202);
        Assert.Equal(s.Requests, s.Ok);
        Assert.InRange(most, 1, 2);
    }

    [Fact]
    public async Task A_run_is_bounded_and_counts_every_request_never_answered()
    {
        // 1000/s for 0.2 s into a host that never answers, at most 10 outstanding, 0.2 s drain:
        // 10 sent (no_response), 190 not sent; the run ends by itself.
        var clock = Stopwatch.StartNew();
        LoadReport report = await new LoadRunner(new LoadRunOptions { DrainTimeout = TimeSpan.FromMilliseconds(200) })
            .RunAsync(Fakes.Scenario("stuck", Fakes.Never()).WithMaxOutstanding(10));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        ScenarioStats s = report["stuck"];
        Assert.Equal(200, s.Requests);
        Assert.Equal(10, s.FailedByCode[LoadCodes.NoResponse]);
        Assert.Equal(190, s.FailedByCode[LoadCodes.NotSent]);
        Assert.Equal(0, s.Ok);
        Assert.Equal(10, s.Latency.Count); // unanswered ones count with their wait so far
        Assert.True(s.Latency.Min >= 190_000, $"min {s.Latency.Min}"); // at least the drain
        Assert.Equal(1.0, s.FailRate);
    }

    [Fact]
    public async Task Closed_copies_stuck_at_the_end_are_counted_once_and_the_run_still_ends()
    {
        var clock = Stopwatch.StartNew();
        LoadReport report = await new LoadRunner(new LoadRunOptions { DrainTimeout = TimeSpan.FromMilliseconds(100) })
            .RunAsync(Scenario.Create("stuck", Fakes.Never()).WithLoad(LoadSimulation.KeepConstant(3, TimeSpan.FromMilliseconds(100))));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3));
        Assert.Equal(3, report["stuck"].FailedByCode[LoadCodes.NoResponse]);
        Assert.Equal(3, report["stuck"].Requests);
    }

    [Fact]
    public async Task Steps_that_throw_are_counted_by_kind()
    {
        int n = 0;
        ScenarioStep step = _ => (Interlocked.Increment(ref n) % 3) switch
        {
            0 => throw new FpxConnectionException("gone"),
            1 => ValueTask.FromException<StepResult>(new InvalidOperationException("bug")),
            _ => ValueTask.FromResult(StepResult.FromDecision(Decision.Error("overloaded", "full"))),
        };
        ScenarioStats s = (await Fakes.RunAsync(Fakes.Scenario("throwing", step, rate: 300, seconds: 0.1)))["throwing"];
        Assert.Equal(30, s.Requests);
        Assert.Equal(10, s.FailedByCode[DecisionErrors.ConnectionFailed]);
        Assert.Equal(10, s.FailedByCode[StepResult.Exception]);
        Assert.Equal(10, s.FailedByCode["overloaded"]);
    }

    [Fact]
    public async Task Decide_steps_carry_variant_deadline_and_host_times()
    {
        var decider = new FixedDecider(new Decision { Variant = "fp8", DeadlineMet = false, ComputeMicroseconds = 200, QueueMicroseconds = 10, HostMicroseconds = 230 });
        ScenarioStep step = DecideStep.Create(decider, c => new DecideRequest { Task = "trade", Tokens = new[] { 1 }, BudgetMicroseconds = 1000, Variant = "fp8" });
        ScenarioStats s = (await Fakes.RunAsync(Fakes.Scenario("decide", step, rate: 500, seconds: 0.1).WithWarmUp(5)))["decide"];
        Assert.Equal(50, s.Requests);
        Assert.Equal(55, decider.Calls); // warm-up requests are made but not counted
        Assert.Equal("fp8", decider.LastVariant);
        Assert.Equal(1.0, s.DeadlineMissRate);
        Assert.Equal(1.0, Assert.Single(s.Variants).DeadlineMissRate);
        Assert.Equal(50, s.Queue.Count);
        Assert.Equal(30, s.HostOverhead.Percentile(0.5), 1);
    }

    [Fact]
    public async Task Stopping_early_sends_no_more_and_still_reports()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        LoadReport report = await new LoadRunner().RunAsync([Fakes.Scenario("long", Fakes.After(TimeSpan.Zero), rate: 1000, seconds: 30)], stop.Token);
        Assert.InRange(report["long"].Requests, 50, 1000);
        Assert.InRange(report["long"].DurationSeconds, 0.1, 2);
    }

    [Fact]
    public async Task Progress_is_reported_while_running()
    {
        var seen = new List<LoadProgress>();
        var writer = new StringWriter();
        var display = new ConsoleProgress(writer);
        await new LoadRunner(new LoadRunOptions
        {
            ProgressInterval = TimeSpan.FromMilliseconds(50),
            Progress = p =>
            {
                lock (seen)
                {
                    seen.Add(p);
                }

                display.Show(p);
            },
        }).RunAsync(Fakes.Scenario("shown", Fakes.After(TimeSpan.Zero), rate: 1000, seconds: 0.3));
        display.Clear();
        Assert.True(seen.Count >= 2, $"{seen.Count} snapshots");
        Assert.Contains(seen, p => p.Scenarios[0].Requests > 0);
        Assert.Contains("shown:", writer.ToString());
        Assert.EndsWith("\r", writer.ToString());
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private sealed class FixedDecider(Decision answer) : IDecider
    {
        public int Calls;
        public string? LastVariant;

        public ValueTask<Decision> DecideAsync(DecideRequest request, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Calls);
            LastVariant = request.Variant;
            return ValueTask.FromResult(answer);
        }
    }
}
