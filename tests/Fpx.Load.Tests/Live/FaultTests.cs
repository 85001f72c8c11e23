using System.Buffers;
using System.Diagnostics;
using System.Net.Sockets;
using Fpx.Client;
using Fpx.Host.Scheduling;
using Fpx.Load.Tests.Support;
using Fpx.Protocol;
using Fpx.Protocol.Rpc;
using Xunit.Abstractions;

namespace Fpx.Load.Tests.Live;

/// <summary>
/// Faults against a live host, each with nothing lost: every request the tool made is counted once
/// as ok or with an error code, and the counts reconcile with the host's <c>stats</c>.
/// </summary>
public class FaultTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private static DecideRequest Request(string variant = "fp4", long budgetUs = 1_000_000) =>
        new() { Task = "demo", Tokens = new[] { 1, 2, 3 }, BudgetMicroseconds = budgetUs, Variant = variant };

    private static long Total(LoadReport report, string code) => report.Scenarios.Sum(s => s.FailedByCode.GetValueOrDefault(code));

    private static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > within)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    [Fact]
    public async Task Clients_that_disconnect_mid_request_are_counted_and_others_are_served()
    {
        await using LiveHost host = await LiveHost.StartAsync();
        await using FpxClient steady = await host.ConnectAsync(), stats = await host.ConnectAsync();
        DecideRequest slow = Request("fp16", 5_000_000);

        // Each quitter connects, sends a decide and closes its connection before the answer comes.
        ScenarioStep quit = async _ =>
        {
            var client = new FpxClient(host.ClientOptions());
            await client.ConnectAsync();
            ValueTask<Decision> pending = client.DecideAsync(slow);
            await client.DisposeAsync();
            return StepResult.FromDecision(await pending);
        };
        HostCounts before = await HostCounts.ReadAsync(stats);
        LoadReport report = await new LoadRunner(new LoadRunOptions { DrainTimeout = 2 * Second }).RunAsync(
            Scenario.Create("steady", DecideStep.Create(steady, _ => Request())).WithLoad(LoadSimulation.Inject(200, Second, 1.5 * Second)),
            Scenario.Create("quitters", quit).WithLoad(LoadSimulation.Inject(40, Second, 1.5 * Second)));
        Assert.True(await EventuallyAsync(() => host.Server.ConnectionCount == 2, 5 * Second), $"{host.Server.ConnectionCount} connections left"); // quitters all gone
        HostCounts counted = (await HostCounts.ReadAsync(stats)).Since(before);
        output.WriteLine(MarkdownReport.Write(report));

        ScenarioStats s = report["steady"], q = report["quitters"];
        Assert.Equal(300, s.Requests);
        Assert.Equal(300, s.Ok);
        Assert.Equal(60, q.Requests);
        long dropped = q.FailedByCode.GetValueOrDefault(DecisionErrors.ConnectionFailed);
        Assert.Equal(60, q.Ok + dropped); // nothing else, nothing lost
        Assert.True(dropped >= 30, MarkdownReport.Write(report));

        // The host read every request; it answered the steady ones and at most the quitters' that beat the close.
        Assert.Equal(360, counted.Requests);
        Assert.InRange(counted.Responses, 300 + q.Ok, 360);
    }

    [Fact]
    public Task A_burst_at_ten_times_capacity_is_shed_with_overloaded_and_the_host_recovers_within_a_second() => Attempts.RunAsync(output, _ => A_burst_at_ten_times_capacity_is_shed_with_overloaded_and_the_host_recovers_within_a_secondOnce());

    private async Task A_burst_at_ten_times_capacity_is_shed_with_overloaded_and_the_host_recovers_within_a_secondOnce()
    {
        // Capacity: fp4 forced at scale 10 is 1 ms a pass, one request a pass: about 1000/s. Intake 32.
        await using LiveHost host = await LiveHost.StartAsync(scale: 10, scheduler: new SchedulerOptions { WarmupPasses = 2, MaxBatchSize = 1, IntakeCapacity = 32 });
        await using FpxClient steadyClient = await host.ConnectAsync(), burstClient = await host.ConnectAsync(), stats = await host.ConnectAsync();
        DecideRequest request = Request("fp4", 200_000);
        const double burstStart = 1.0, burstEnd = 1.3;
        Scenario steady = Scenario.Create("steady", DecideStep.Create(steadyClient, _ => request)).WithLoad(LoadSimulation.Inject(200, Second, 3 * Second)).WithWarmUp(5);
        Scenario burst = Scenario.Create("burst", DecideStep.Create(burstClient, _ => request))
            .WithLoad(LoadSimulation.Pause(burstStart * Second), LoadSimulation.Inject(10_000, Second, (burstEnd - burstStart) * Second));

        HostCounts before = await HostCounts.ReadAsync(stats);
        LoadReport report = await new LoadRunner(new LoadRunOptions { DrainTimeout = 2 * Second, TimelineInterval = TimeSpan.FromMilliseconds(100) }).RunAsync(steady, burst);
        HostCounts counted = (await HostCounts.ReadAsync(stats)).Since(before);
        output.WriteLine(MarkdownReport.Write(report));
        output.WriteLine(string.Join("\n", report["steady"].Timeline.Select(p => $"{p.StartSeconds:F1}s requests={p.Requests} failed={p.Failed} p99_us={p.P99Microseconds:F0}")));

        ScenarioStats b = report["burst"], s = report["steady"];
        Assert.Equal(3000, b.Requests);
        Assert.Equal(600, s.Requests);
        Assert.True(b.FailedByCode.GetValueOrDefault("overloaded") > 1500, MarkdownReport.Write(report)); // shed, not queued
        Assert.Equal(0, Total(report, LoadCodes.NoResponse) + Total(report, LoadCodes.NotSent));

        // Back to normal: from some interval on, no failures and p99 under 50 ms (the steady p99 is ~1-5 ms).
        double recovery = s.RecoverySeconds(burstEnd, p => p.Failed == 0 && p.P99Microseconds < 50_000);
        output.WriteLine($"recovery {recovery:F2} s after the burst");
        Assert.True(recovery < 1.0, $"recovery {recovery} s");
        Assert.True(s.RecoverySeconds(burstEnd + 1, p => p.Failed == 0) == 0, "a failure more than a second after the burst");

        // Nothing lost: the host's error counts are exactly what the clients saw.
        long answered = report.Scenarios.Sum(x => x.Requests) + 5;
        Assert.Equal(answered, counted.Requests);
        Assert.Equal(answered, counted.Responses);
        Assert.Equal(Total(report, "overloaded"), counted.Error("overloaded"));
        Assert.Equal(Total(report, "expired"), counted.Error("expired"));
        Assert.Equal(report.Scenarios.Sum(x => x.Failed), counted.Errors.Values.Sum());
    }

    [Fact]
    public Task A_slow_reader_is_cut_off_while_others_keep_being_served() => Attempts.RunAsync(output, _ => A_slow_reader_is_cut_off_while_others_keep_being_servedOnce());

    private async Task A_slow_reader_is_cut_off_while_others_keep_being_servedOnce()
    {
        await using LiveHost host = await LiveHost.StartAsync(configure: o => o.With(slowReader: TimeSpan.FromMilliseconds(300), maxOutbound: 64 * 1024));
        await using FpxClient client = await host.ConnectAsync(), stats = await host.ConnectAsync();
        HostCounts before = await HostCounts.ReadAsync(stats);

        // The slow reader: a small receive window, pipelined requests, never a read.
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096, SendTimeout = 2000 };
        await socket.ConnectAsync(host.EndPoint);
        Task<int> flood = Task.Run(() => Flood(socket));

        Scenario others = Scenario.Create("others", DecideStep.Create(client, _ => Request())).WithLoad(LoadSimulation.Inject(200, Second, 3 * Second));
        LoadReport report = await new LoadRunner(new LoadRunOptions { DrainTimeout = 2 * Second }).RunAsync(others);
        int flooded = await flood;
        bool cut = await EventuallyAsync(() => host.Server.ConnectionCount == 2, 5 * Second);
        HostCounts counted = (await HostCounts.ReadAsync(stats)).Since(before);
        IReadOnlyDictionary<string, object?> raw = await stats.GetStatsAsync();
        output.WriteLine(TextReport.Write(report) + $"\nflooded {flooded}, host requests {counted.Requests}, responses {counted.Responses}, timed_out {raw["timed_out"]}");

        Assert.True(cut, $"the slow reader is still connected after {flooded} requests");
        ScenarioStats s = report["others"];
        Assert.Equal(600, s.Requests);
        Assert.Equal(600, s.Ok);
        Assert.True(Threshold.Parse("p99<250ms").Evaluate(s).Passed, MarkdownReport.Write(report));
        Assert.True(Convert.ToInt64(raw["timed_out"]) >= 1); // closed as a slow reader (no progress, or over the outbound limit)

        // Every request the host read was the others' 600 or the reader's; the others got all theirs.
        Assert.InRange(counted.Requests - 600, 1, flooded);
        Assert.True(counted.Responses >= 600);
    }

    /// <summary>
    /// Writes pipelined <c>stats</c> requests, 20 every 10 ms (2000/s), without ever reading, until
    /// the host cuts the connection (or 6 s); returns how many were written. Kernel buffers on
    /// loopback hold over a megabyte of responses before the host sees any backpressure; stats
    /// answers are large (hundreds of bytes), so they fill in about two seconds without the reader
    /// flooding the host with work (a decide flood would test overload, not a slow reader).
    /// </summary>
    private static int Flood(Socket socket)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var clock = Stopwatch.StartNew();
        int sent = 0;
        try
        {
            for (uint id = 1; clock.Elapsed < TimeSpan.FromSeconds(6); id += 20)
            {
                Thread.Sleep(10);
                buffer.ResetWrittenCount();
                var w = new MessagePackWriter(buffer);
                for (uint i = id; i < id + 20; i++)
                {
                    RpcWriter.WriteRequestHeader(ref w, i, "stats"u8, 0);
                }

                w.Flush();
                socket.Send(buffer.WrittenSpan);
                sent += 20;
            }
        }
        catch (SocketException)
        {
            // The host closed the connection: the point of the test.
        }

        return sent;
    }

    [Fact]
    public Task A_host_restart_during_a_run_loses_nothing_clients_reconnect_and_profiles_survive() => Attempts.RunAsync(output, _ => A_host_restart_during_a_run_loses_nothing_clients_reconnect_and_profiles_surviveOnce());

    private async Task A_host_restart_during_a_run_loses_nothing_clients_reconnect_and_profiles_surviveOnce()
    {
        string profiles = Cli.TempDirectory();
        LiveHost first = await LiveHost.StartAsync(profiles: profiles);
        int port = first.Port;
        await using FpxClient client = await first.ConnectAsync();
        const string Profile = """{"task": "demo", "quantile": 0.99, "utility": {"kind": "hard"}}""";
        await client.PutProfileAsync("demo", Profile);

        Scenario bots = Scenario.Create("bots", DecideStep.Create(client, _ => Request(budgetUs: 500_000))).WithLoad(LoadSimulation.Inject(200, Second, 2.5 * Second));
        Task<LoadReport> run = new LoadRunner(new LoadRunOptions { DrainTimeout = 3 * Second, TimelineInterval = TimeSpan.FromMilliseconds(100) }).RunAsync(bots);
        await Task.Delay(800);
        await first.DisposeAsync(); // graceful: what it read is answered (computed or cancelled), then connections close
        long firstRequests = first.Server.Counters.Requests, firstResponses = first.Server.Counters.Responses;
        await Task.Delay(200);
        LiveHost second = await StartOnPortAsync(port, profiles);
        await using (second)
        {
            LoadReport report = await run;
            ScenarioStats s = report["bots"];
            output.WriteLine(MarkdownReport.Write(report));
            output.WriteLine(string.Join("\n", s.Timeline.Select(p => $"{p.StartSeconds:F1}s ok={p.Ok} failed={p.Failed} {string.Join(",", p.FailedByCode.Select(c => $"{c.Key}={c.Value}"))}")));

            // Nothing lost: 500 requests, each ok or failed with a code; down time shows as connection
            // failures (and cancellations of what the first host had queued), never as lost requests.
            Assert.Equal(500, s.Requests);
            Assert.Equal(0, s.FailedByCode.GetValueOrDefault(LoadCodes.NoResponse) + s.FailedByCode.GetValueOrDefault(LoadCodes.NotSent));
            Assert.All(s.FailedByCode.Keys, code => Assert.Contains(code, new[] { DecisionErrors.ConnectionFailed, "cancelled" }));
            Assert.True(s.FailedByCode.GetValueOrDefault(DecisionErrors.ConnectionFailed) > 0);
            Assert.True(s.Ok > 300, MarkdownReport.Write(report));
            Assert.All(s.Timeline.Where(p => p.StartSeconds >= 1.5), p => Assert.Equal(p.Requests, p.Ok)); // reconnected: all ok again
            Assert.True(client.Connections >= 2);

            // Reconcile: every answer the client got came from one of the two hosts, and each host
            // answered every request it read (the first one's profile.put included).
            long hostAnswered = s.Ok + s.FailedByCode.GetValueOrDefault("cancelled");
            Assert.Equal(firstRequests, firstResponses);
            Assert.Equal(hostAnswered, firstResponses - 1 + second.Server.Counters.Responses);
            Assert.Equal(second.Server.Counters.Requests, second.Server.Counters.Responses);

            // The profile put before the restart is there after it.
            Assert.Equal(Profile, await client.GetProfileAsync("demo"));
        }

        Directory.Delete(profiles, recursive: true);
    }

    /// <summary>Starts a host on a given port, retrying briefly while the old listener's port is released.</summary>
    private static async Task<LiveHost> StartOnPortAsync(int port, string profiles)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await LiveHost.StartAsync(port: port, profiles: profiles);
            }
            catch (SocketException) when (clock.Elapsed < TimeSpan.FromSeconds(5))
            {
                await Task.Delay(50);
            }
        }
    }
}
