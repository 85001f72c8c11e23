using Fpx.Client;

namespace Fpx.Load.Tests;

public class OpenLoopDriverTests
{
    private static DecideRequest Make(long i) => new() { Task = "t", Tokens = new[] { (int)i }, BudgetMicroseconds = 1000 };

    private sealed class Instant : IDecider
    {
        public int Calls;

        public ValueTask<Decision> DecideAsync(DecideRequest request, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Calls);
            return ValueTask.FromResult(new Decision { Action = 1, ComputeMicroseconds = 0, DeadlineMet = true });
        }
    }

    /// <summary>One server that serves requests in order, 100 us each, and stalls 100 ms on request 50.</summary>
    private sealed class StallingServer : IDecider
    {
        private readonly Lock _lock = new();
        private DateTime _free = DateTime.MinValue;
        private int _n;

        public ValueTask<Decision> DecideAsync(DecideRequest request, CancellationToken cancellationToken = default)
        {
            DateTime done;
            lock (_lock)
            {
                DateTime start = _free > DateTime.UtcNow ? _free : DateTime.UtcNow;
                done = start + TimeSpan.FromMicroseconds(100) + (_n++ == 50 ? TimeSpan.FromMilliseconds(100) : TimeSpan.Zero);
                _free = done;
            }

            return new ValueTask<Decision>(Complete(done));
        }

        private static async Task<Decision> Complete(DateTime at)
        {
            TimeSpan wait = at - DateTime.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            return new Decision { Action = 0 };
        }
    }

    private sealed class Never : IDecider
    {
        public ValueTask<Decision> DecideAsync(DecideRequest request, CancellationToken cancellationToken = default) =>
            new(new TaskCompletionSource<Decision>().Task);
    }

    [Fact]
    public async Task Sends_rate_times_duration_requests_on_schedule()
    {
        var decider = new Instant();
        var driver = new OpenLoopDriver(decider, Make, new OpenLoopOptions { RequestsPerSecond = 2000, Duration = TimeSpan.FromMilliseconds(500) });
        LoadResult result = await driver.RunAsync();
        Assert.Equal(1000, result.Sent);
        Assert.Equal(1000, decider.Calls);
        Assert.Equal(1000, result.Outcomes[LoadResult.Ok]);
        Assert.InRange(result.SendSeconds, 0.45, 1.5);
        Assert.Equal(1000, result.Latency.Count);
        Assert.Equal(1000, result.Overhead.Count);
    }

    [Fact]
    public async Task A_stall_shows_in_every_request_due_during_it()
    {
        // 1000/s for 0.5 s: requests due during the 100 ms stall (about 100 of 500) all wait for it.
        // A closed-loop tool would record one slow request; measuring from due time records them all.
        var driver = new OpenLoopDriver(new StallingServer(), Make, new OpenLoopOptions { RequestsPerSecond = 1000, Duration = TimeSpan.FromMilliseconds(500), Pacing = Pacing.Coarse });
        LoadResult result = await driver.RunAsync();
        Assert.Equal(500, result.Outcomes[LoadResult.Ok]);
        Assert.True(result.Latency.Percentile(0.9) > 20_000, result.ToText());
        Assert.True(result.Latency.Max > 90_000, result.ToText());
    }

    [Fact]
    public async Task Outstanding_requests_are_bounded_and_unanswered_ones_are_counted()
    {
        var driver = new OpenLoopDriver(new Never(), Make, new OpenLoopOptions
        {
            RequestsPerSecond = 1000,
            Duration = TimeSpan.FromMilliseconds(100),
            MaxOutstanding = 10,
            DrainTimeout = TimeSpan.FromMilliseconds(50),
        });
        LoadResult result = await driver.RunAsync();
        Assert.Equal(10, result.Sent);
        Assert.Equal(90, result.Outcomes[LoadResult.NotSent]);
        Assert.Equal(10, result.Outcomes[LoadResult.NoResponse]);
    }

    [Fact]
    public async Task Reports_text_and_json()
    {
        var driver = new OpenLoopDriver(new Instant(), Make, new OpenLoopOptions { RequestsPerSecond = 1000, Duration = TimeSpan.FromMilliseconds(100) });
        LoadResult result = await driver.RunAsync();
        string text = result.ToText();
        Assert.Contains("latency count=100 p50_us=", text);
        Assert.Contains("outcomes ok=100", text);
        using var json = System.Text.Json.JsonDocument.Parse(result.ToJson());
        Assert.Equal(100, json.RootElement.GetProperty("outcomes").GetProperty("ok").GetInt64());
        Assert.True(json.RootElement.GetProperty("latency").GetProperty("p99_us").GetDouble() > 0);
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OpenLoopOptions { RequestsPerSecond = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new OpenLoopOptions { Duration = TimeSpan.Zero });
        Assert.Throws<ArgumentOutOfRangeException>(() => new OpenLoopOptions { MaxOutstanding = 0 });
        Assert.Equal(1, new OpenLoopOptions { RequestsPerSecond = 0.5, Duration = TimeSpan.FromSeconds(1) }.TotalRequests);
    }
}
