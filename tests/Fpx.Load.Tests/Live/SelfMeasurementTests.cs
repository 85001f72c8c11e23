using Fpx.Client;
using Fpx.Load.Tests.Support;
using Xunit.Abstractions;

namespace Fpx.Load.Tests.Live;

/// <summary>
/// The tool measures itself against a live host whose fake backend blocks once for 200 ms during
/// the run: the open model must show the pause in its p99; a closed model at a similar rate shows
/// the coordinated-omission effect (no requests during the pause, a small tail).
/// </summary>
public class SelfMeasurementTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(200);

    private static async Task<ScenarioStats> RunWithPauseAsync(LiveHost host, LoadSimulation load)
    {
        await using FpxClient client = await host.ConnectAsync();
        // Forced fp4 (20 µs at scale 0.2) and a 5 s budget: requests queued behind the pause are served, not expired.
        var request = new DecideRequest { Task = "demo", Tokens = new[] { 1, 2, 3 }, BudgetMicroseconds = 5_000_000, Variant = "fp4" };
        Scenario scenario = Scenario.Create("bots", DecideStep.Create(client, _ => request)).WithLoad(load).WithWarmUp(20);
        var runner = new LoadRunner(new LoadRunOptions { DrainTimeout = TimeSpan.FromSeconds(3), TimelineInterval = TimeSpan.FromMilliseconds(100) });
        Task<LoadReport> run = runner.RunAsync(scenario);
        await Task.Delay(TimeSpan.FromMilliseconds(700)); // warm-up done, the run under way
        host.Backend.InjectPause(Pause);
        return (await run)["bots"];
    }

    [Fact]
    public Task Open_model_shows_the_pause_in_p99_and_closed_model_hides_it() => Attempts.RunAsync(output, _ => Open_model_shows_the_pause_in_p99_and_closed_model_hides_itOnce());

    private async Task Open_model_shows_the_pause_in_p99_and_closed_model_hides_itOnce()
    {
        await using LiveHost host = await LiveHost.StartAsync();
        ScenarioStats open = await RunWithPauseAsync(host, LoadSimulation.Inject(400, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5)));
        ScenarioStats closed = await RunWithPauseAsync(host, LoadSimulation.KeepConstant(1, TimeSpan.FromSeconds(1.5), thinkTime: TimeSpan.FromMilliseconds(2.5)));
        string report = MarkdownReport.Write(new LoadReport(DateTimeOffset.UtcNow, 0, [open, closed]));

        // Open: 600 requests on schedule; the ~80 due during the pause (and those behind them) wait for it.
        Assert.Equal(600, open.Requests);
        Assert.Equal(600, open.Ok);
        Assert.True(open.Percentile(0.99) >= 100_000, $"open p99 {open.Percentile(0.99)} µs\n{report}");
        Assert.True(open.Latency.Max >= 180_000, $"open max {open.Latency.Max} µs\n{report}");
        Assert.True(open.Percentile(0.95) > 10_000, $"open p95 {open.Percentile(0.95)} µs\n{report}");

        // Closed: one request saw the whole pause (max), but the copy sent nothing while waiting,
        // so it made fewer requests and its p99 stays small: the stall hides from the percentiles.
        Assert.True(closed.Latency.Max >= 180_000, $"closed max {closed.Latency.Max} µs\n{report}");
        Assert.True(closed.Percentile(0.99) < open.Percentile(0.99) / 4, $"closed p99 {closed.Percentile(0.99)} vs open {open.Percentile(0.99)}\n{report}");
        Assert.True(closed.Requests < open.Requests, $"closed {closed.Requests} vs open {open.Requests}");
        Assert.Contains(closed.Timeline, p => p.StartSeconds > 0.2 && p.StartSeconds < 1.4 && p.Requests == 0); // the gap
        Assert.DoesNotContain(open.Timeline.Take(15), p => p.Requests != 40); // open keeps its schedule: 40 per 100 ms
    }
}
