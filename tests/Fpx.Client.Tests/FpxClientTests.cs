using Fpx.Host.Backend;
using Fpx.Host.Tasks;
using Fpx.Host.Tests.Support;
using Fpx.Policy.Profiles;
using Fpx.Protocol.Rpc;

namespace Fpx.Client.Tests;

public class FpxClientTests
{
    private static FpxClientOptions Options(TestHost host, byte[]? secret = null) => new() { Port = host.Port, Secret = secret };

    private static DecideRequest Request(int[] tokens, long budgetUs = 1_000_000, string task = "demo", string? variant = "fp16") =>
        new() { Task = task, Tokens = tokens, BudgetMicroseconds = budgetUs, Variant = variant };

    [Fact]
    public async Task Decides_and_pings()
    {
        await using TestHost host = await TestHost.StartAsync();
        await using FpxClient client = await FpxClient.ConnectAsync(Options(host));
        await client.PingAsync();
        Decision d = await client.DecideAsync(Request([1, 2, 3]));
        Assert.True(d.IsSuccess);
        Assert.Equal(Expected.Probabilities("demo", [1, 2, 3]), d.Probabilities.ToArray());
        Assert.Equal("fp16", d.Variant);
        Assert.True(d.Forced);
        Assert.True(d.DeadlineMet);
        Assert.Equal(406, d.ComputeMicroseconds, 3);
        Assert.True(d.HostMicroseconds >= d.QueueMicroseconds);
    }

    [Fact]
    public async Task Pipelined_calls_are_matched_by_msgid()
    {
        await using TestHost host = await TestHost.StartAsync();
        await using FpxClient client = await FpxClient.ConnectAsync(Options(host));
        Task<Decision>[] calls = [.. Enumerable.Range(0, 200).Select(i => client.DecideAsync(Request([i, i + 1])).AsTask())];
        Decision[] results = await Task.WhenAll(calls);
        for (int i = 0; i < results.Length; i++)
        {
            Assert.Equal(Expected.Probabilities("demo", [i, i + 1]), results[i].Probabilities.ToArray());
        }

        Assert.Equal(1, client.Connections);
        Assert.Equal(0, client.PendingCalls);
    }

    [Fact]
    public async Task Out_of_order_responses_reach_their_callers()
    {
        // One request per pass and continuations on the receive loop, so completion order is the host's EDF order.
        await using TestHost host = await TestHost.StartAsync(
            o => o.With(scheduler: new Fpx.Host.Scheduling.SchedulerOptions { MaxBatchSize = 1, WarmupPasses = 1 }),
            new FakeBackendOptions { Mode = FakeComputeMode.Sleep, Variants = FakeVariant.DefaultLadder(0) });
        await using FpxClient client = await FpxClient.ConnectAsync(new FpxClientOptions { Port = host.Port, RunContinuationsAsynchronously = false });
        host.Backend.InjectPause(TimeSpan.FromMilliseconds(200));
        Task<Decision> blocker = client.DecideAsync(Request([9], 5_000_000)).AsTask();
        await Eventually(() => host.Backend.PassesStarted > host.Backend.Passes);
        var order = new List<int>();
        Task<Decision>[] calls = [.. new[] { 4_000_000L, 3_000_000, 2_000_000 }.Select((budget, i) => Track(client.DecideAsync(Request([i], budget)), i, order))];
        await Task.WhenAll([blocker, .. calls]);
        Assert.Equal([2, 1, 0], order);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(Expected.Probabilities("demo", [i]), (await calls[i]).Probabilities.ToArray());
        }
    }

    private static async Task<Decision> Track(ValueTask<Decision> call, int index, List<int> order)
    {
        Decision d = await call;
        lock (order)
        {
            order.Add(index);
        }

        return d;
    }

    [Fact]
    public async Task Host_errors_are_values()
    {
        await using TestHost host = await TestHost.StartAsync();
        await using FpxClient client = await FpxClient.ConnectAsync(Options(host));
        Decision unknown = await client.DecideAsync(Request([1], task: "nope"));
        Assert.Equal(RpcErrorCodes.UnknownTask, unknown.ErrorCode);
        Assert.False(unknown.IsSuccess);
        Decision unreachable = await client.DecideAsync(Request([1], budgetUs: 1, task: "strict", variant: null));
        Assert.Equal(RpcErrorCodes.DeadlineUnreachable, unreachable.ErrorCode);
        Assert.Same(RpcErrorCodes.DeadlineUnreachable, unreachable.ErrorCode); // interned: no allocation per error
        await Assert.ThrowsAsync<RpcException>(() => client.GetProfileAsync("nope"));
    }

    [Fact]
    public async Task Cancellation_fails_the_call_and_tells_the_host()
    {
        await using TestHost host = await TestHost.StartAsync(backend: new FakeBackendOptions { Mode = FakeComputeMode.Sleep, Variants = FakeVariant.DefaultLadder(0) });
        await using FpxClient client = await FpxClient.ConnectAsync(Options(host));
        host.Backend.InjectPause(TimeSpan.FromMilliseconds(300));
        Task<Decision> blocker = client.DecideAsync(Request([9], 5_000_000)).AsTask();
        await Eventually(() => host.Backend.PassesStarted > host.Backend.Passes);
        using var cts = new CancellationTokenSource();
        ValueTask<Decision> doomed = client.DecideAsync(Request([1], 5_000_000), cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await doomed);
        Assert.True((await blocker).IsSuccess);
        await Eventually(() => host.Server.Counters.ErrorCount(RpcErrorCodes.Cancelled) == 1);
        await client.PingAsync(); // the connection is fine
        using var already = new CancellationTokenSource();
        already.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await client.DecideAsync(Request([1]), already.Token));
    }

    [Fact]
    public async Task Reconnects_after_the_host_drops_the_connection()
    {
        await using TestHost host = await TestHost.StartAsync(o => o.With(idle: TimeSpan.FromMilliseconds(300)));
        await using FpxClient client = await FpxClient.ConnectAsync(Options(host));
        Assert.True((await client.DecideAsync(Request([1]))).IsSuccess);
        await Eventually(() => !client.IsConnected);
        Assert.True((await client.DecideAsync(Request([2]))).IsSuccess);
        Assert.Equal(2, client.Connections);
    }

    [Fact]
    public async Task A_dead_host_surfaces_as_a_connection_exception()
    {
        TestHost host = await TestHost.StartAsync();
        FpxClientOptions options = Options(host);
        FpxClient client = await FpxClient.ConnectAsync(options);
        await host.DisposeAsync();
        await Eventually(() => !client.IsConnected);
        await Assert.ThrowsAsync<FpxConnectionException>(async () => await client.DecideAsync(Request([1])));
        await Assert.ThrowsAsync<FpxConnectionException>(() => FpxClient.ConnectAsync(options));
        await client.DisposeAsync();
    }

    [Fact]
    public async Task Authenticates_on_connect()
    {
        byte[] secret = "client-test-secret"u8.ToArray();
        await using TestHost host = await TestHost.StartAsync(o => o.With(secret: secret));
        await using (FpxClient client = await FpxClient.ConnectAsync(Options(host, secret)))
        {
            Assert.True((await client.DecideAsync(Request([1]))).IsSuccess);
        }

        await Assert.ThrowsAsync<FpxConnectionException>(() => FpxClient.ConnectAsync(Options(host, "wrong-secret!"u8.ToArray())));
    }

    [Fact]
    public async Task Sessions_variants_tasks_stats_profiles()
    {
        await using TestHost host = await TestHost.StartAsync();
        await using FpxClient client = await FpxClient.ConnectAsync(Options(host));
        long session = await client.OpenSessionAsync();
        Assert.Equal(2, await client.AppendSessionAsync(session, new[] { 1, 2 }));
        Decision d = await client.DecideAsync(Request([3]) with { Session = session });
        Assert.Equal(session, d.Session);
        Assert.Equal(Expected.Probabilities("demo", [1, 2, 3]), d.Probabilities.ToArray());
        await client.CloseSessionAsync(session);
        Assert.Equal(RpcErrorCodes.BadRequest, (await client.DecideAsync(Request([3]) with { Session = session })).ErrorCode);

        Assert.Equal(["fp16", "fp8", "fpx-g0.30", "fp4"], (await client.GetVariantsAsync()).Select(v => v.Name));
        Assert.Contains(await client.GetTasksAsync(), t => t.Name == "trade" && t.Actions.SequenceEqual([10, 11, 12]));
        Assert.True((long)(await client.GetStatsAsync())["decided"]! >= 1);

        // Profiles are checked by the policy library: a bad one names its field, a good one comes back canonical.
        RpcException bad = await Assert.ThrowsAsync<RpcException>(() => client.PutProfileAsync("demo", """{"q":1}"""));
        Assert.Equal(RpcErrorCodes.BadRequest, bad.Code);
        Assert.Contains("q", bad.Message);
        string json = TaskProfileJson.ToJson(DemoProfiles.Create("demo", [0, 1], MissPolicy.Reject));
        await client.PutProfileAsync("demo", json);
        Assert.Equal(json, await client.GetProfileAsync("demo"));
        Assert.Contains(await client.GetTasksAsync(), t => t.Name == "demo" && t.Actions.SequenceEqual([0, 1]));
    }

    [Fact]
    public async Task A_probability_buffer_is_filled_in_place()
    {
        await using TestHost host = await TestHost.StartAsync();
        await using FpxClient client = await FpxClient.ConnectAsync(Options(host));
        float[] buffer = new float[8];
        Decision d = await client.DecideAsync(Request([1, 2, 3]) with { ProbabilityBuffer = buffer });
        Assert.Equal(Expected.Probabilities("demo", [1, 2, 3]), buffer[..4]);
        Assert.Equal(4, d.Probabilities.Length);
    }

    internal static async Task Eventually(Func<bool> condition, int timeoutMs = 5000)
    {
        var until = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "condition not reached in time");
            await Task.Delay(10);
        }
    }
}
