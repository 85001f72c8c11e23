using Fpx.Client.Resilience;
using Fpx.Host.Tests.Support;
using Polly.CircuitBreaker;

namespace Fpx.Client.Tests.Resilience;

/// <summary>The Polly pipeline on a fake clock, around a scripted decider.</summary>
public class ResilientDeciderTests
{
    private static readonly DecideRequest Request = new() { Task = "demo", Tokens = new[] { 1 }, BudgetMicroseconds = 10_000 };

    private static Decision Ok => new() { Action = 1, Variant = "fp16" };

    /// <summary>Answers each call with the next scripted behaviour and records the budgets it was sent.</summary>
    private sealed class Scripted(params Func<DecideRequest, CancellationToken, Task<Decision>>[] steps) : IDecider
    {
        private int _calls;

        public List<long> Budgets { get; } = [];

        public int Calls => _calls;

        public ValueTask<Decision> DecideAsync(DecideRequest request, CancellationToken cancellationToken = default)
        {
            lock (Budgets)
            {
                Budgets.Add(request.BudgetMicroseconds);
            }

            int i = Interlocked.Increment(ref _calls) - 1;
            return new ValueTask<Decision>(steps[Math.Min(i, steps.Length - 1)](request, cancellationToken));
        }
    }

    private static Func<DecideRequest, CancellationToken, Task<Decision>> Fails(FakeTimeProvider? time = null, TimeSpan advance = default) => (_, _) =>
    {
        time?.Advance(advance);
        return Task.FromException<Decision>(new FpxConnectionException("down"));
    };

    private static Func<DecideRequest, CancellationToken, Task<Decision>> Succeeds => (_, _) => Task.FromResult(Ok);

    private static Func<DecideRequest, CancellationToken, Task<Decision>> Hangs => async (_, ct) =>
    {
        await Task.Delay(Timeout.Infinite, ct);
        return Ok;
    };

    [Fact]
    public async Task Retries_connection_failures_with_the_budget_that_is_left()
    {
        var time = new FakeTimeProvider();
        var inner = new Scripted(Fails(time, TimeSpan.FromMilliseconds(3)), Fails(time, TimeSpan.FromMilliseconds(3)), Succeeds);
        var decider = new ResilientDecider(inner, new ResilienceOptions { TimeProvider = time, RetryDelay = TimeSpan.Zero });
        Decision d = await decider.DecideAsync(Request);
        Assert.True(d.IsSuccess);
        Assert.Equal([10_000L, 7_000, 4_000], inner.Budgets);
    }

    [Fact]
    public async Task Stops_retrying_when_the_budget_is_spent()
    {
        var time = new FakeTimeProvider();
        var inner = new Scripted(Fails(time, TimeSpan.FromMilliseconds(6)), Fails(time, TimeSpan.FromMilliseconds(6)), Succeeds);
        var decider = new ResilientDecider(inner, new ResilienceOptions { TimeProvider = time, RetryDelay = TimeSpan.Zero });
        Decision d = await decider.DecideAsync(Request);
        Assert.Equal(DecisionErrors.ConnectionFailed, d.ErrorCode);
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task Times_out_at_the_budget()
    {
        var time = new FakeTimeProvider();
        var decider = new ResilientDecider(new Scripted(Hangs), new ResilienceOptions { TimeProvider = time });
        ValueTask<Decision> call = decider.DecideAsync(Request);
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(9));
        await Task.Delay(20);
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(2));
        Decision d = await call.AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(DecisionErrors.ClientTimeout, d.ErrorCode);
    }

    [Fact]
    public async Task Host_errors_are_not_retried()
    {
        var inner = new Scripted((_, _) => Task.FromResult(Decision.Error("expired", "late")));
        var decider = new ResilientDecider(inner, new ResilienceOptions { TimeProvider = new FakeTimeProvider() });
        Assert.Equal("expired", (await decider.DecideAsync(Request)).ErrorCode);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task The_circuit_opens_after_repeated_connection_failures()
    {
        var time = new FakeTimeProvider();
        var inner = new Scripted(Fails());
        var decider = new ResilientDecider(inner, new ResilienceOptions { TimeProvider = time, MaxRetries = 0, MinimumThroughput = 4, FailureRatio = 0.5 });
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(DecisionErrors.ConnectionFailed, (await decider.DecideAsync(Request)).ErrorCode);
        }

        Assert.Equal(CircuitState.Open, decider.BreakerState.CircuitState);
        Assert.Equal(DecisionErrors.CircuitOpen, (await decider.DecideAsync(Request)).ErrorCode);
        Assert.Equal(4, inner.Calls);
        time.Advance(TimeSpan.FromSeconds(2)); // past the break: one trial call goes through
        await decider.DecideAsync(Request);
        Assert.Equal(5, inner.Calls);
    }

    [Fact]
    public async Task Hedges_to_the_second_decider_after_the_delay()
    {
        var time = new FakeTimeProvider();
        var primary = new Scripted(Hangs);
        var hedge = new Scripted((_, _) => Task.FromResult(Ok with { Variant = "hedged" }));
        var decider = new ResilientDecider(primary, new ResilienceOptions { TimeProvider = time, HedgingDelay = TimeSpan.FromMilliseconds(2) }, hedge);
        ValueTask<Decision> call = decider.DecideAsync(Request);
        await Task.Delay(20);
        Assert.Equal(0, hedge.Calls);
        time.Advance(TimeSpan.FromMilliseconds(3));
        Decision d = await call.AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("hedged", d.Variant);
        Assert.Equal(1, hedge.Calls);
        Assert.True(hedge.Budgets[0] <= 8_000);
    }

    [Fact]
    public async Task Works_over_a_real_client()
    {
        await using TestHost host = await TestHost.StartAsync();
        await using FpxClient client = await FpxClient.ConnectAsync(new FpxClientOptions { Port = host.Port });
        var decider = new ResilientDecider(client);
        Decision d = await decider.DecideAsync(Request with { BudgetMicroseconds = 1_000_000 });
        Assert.True(d.IsSuccess);
        Assert.Equal(Expected.Probabilities("demo", [1]), d.Probabilities.ToArray());
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ResilienceOptions { MaxRetries = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ResilienceOptions { FailureRatio = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ResilienceOptions { BreakDuration = TimeSpan.Zero });
        Assert.Throws<ArgumentOutOfRangeException>(() => new FpxClientOptions { Port = 0 });
        Assert.Throws<ArgumentException>(() => new FpxClientOptions { Host = " " });
    }
}
