using Fpx.Host.Tests.Support;

namespace Fpx.Host.Tests.Scheduling;

/// <summary>Shadow evaluation: sampled requests re-run on fp16 when idle, and <c>stats</c> shows live against profiled quality.</summary>
public class ShadowTests
{
    private const int N = 40;

    [Fact]
    public async Task At_fraction_one_every_idle_request_is_shadowed_and_stats_show_the_live_agreement()
    {
        await using TestHost host = await TestHost.StartAsync(o => o.With(scheduler: TestHost.QuickScheduler(shadowFraction: 1.0)));
        using RawClient client = host.Connect();
        var agreed = new List<bool>();
        for (int i = 0; i < N; i++)
        {
            // One at a time, so the queue is empty when each is sampled; fp4 differs from fp16 on some inputs.
            int[] tokens = [i, i * 7, 3];
            Assert.Equal("fp4", client.Call((uint)i, "decide", Msg.DecideParams("demo", tokens, 1_000_000, variant: "fp4")).Map["variant"]);
            agreed.Add(ArgMax(Expected.Probabilities("demo", tokens, variant: 3)) == ArgMax(Expected.Probabilities("demo", tokens, variant: 0)));
        }

        // fp16 requests are never shadowed (they are the reference).
        client.Call(1000, "decide", Msg.DecideParams("demo", [1], 1_000_000, variant: "fp16"));

        Dictionary<string, object?> stats = await EventuallyAsync(client, s => (long)Shadow(s)["run"]! == N);
        Dictionary<string, object?> shadow = Shadow(stats);
        Assert.Equal((long)N, shadow["sampled"]);
        Assert.Equal(0L, shadow["dropped"]);

        var fp4 = (Dictionary<string, object?>)((Dictionary<string, object?>)((Dictionary<string, object?>)stats["quality"]!)["demo"]!)["fp4"]!;
        Assert.Equal(0.93, (double)fp4["quality"]!); // the profile's
        Assert.Equal((long)N, fp4["shadows"]);
        Assert.Equal(DecayedRate(agreed), (double)fp4["live_agreement"]!, 9);
        Assert.InRange(agreed.Count(a => a), 1, N - 1); // the inputs tell the variants apart: the rate is not trivially 0 or 1

        var fp16 = (Dictionary<string, object?>)((Dictionary<string, object?>)((Dictionary<string, object?>)stats["quality"]!)["demo"]!)["fp16"]!;
        Assert.Null(fp16["live_agreement"]);

        // The predictor's live quantiles per variant: warm-up and the shadows fed fp16, the requests fp4.
        var latency = (Dictionary<string, object?>)stats["latency"]!;
        var cells = ((object?[])latency["fp4"]!).Cast<Dictionary<string, object?>>().ToList();
        Assert.Contains(cells, c => (long)c["samples"]! > 0 && (double)c["p50_us"]! <= (double)c["p99_us"]!);
    }

    [Fact]
    public async Task At_fraction_zero_nothing_is_shadowed()
    {
        await using TestHost host = await TestHost.StartAsync();
        using RawClient client = host.Connect();
        for (int i = 0; i < 10; i++)
        {
            client.Call((uint)i, "decide", Msg.DecideParams("demo", [i], 1_000_000, variant: "fp4"));
        }

        Dictionary<string, object?> shadow = Shadow(client.Call(99, "stats").Map);
        Assert.Equal(0L, shadow["sampled"]);
        Assert.Equal(0L, shadow["run"]);
    }

    private static Dictionary<string, object?> Shadow(Dictionary<string, object?> stats) => (Dictionary<string, object?>)stats["shadow"]!;

    /// <summary>AgreementTracker's rate: Σ dᵏ·agreedₖ / Σ dᵏ, d = 2^(−1/256), k counting back from the newest (shadows ran in request order).</summary>
    private static double DecayedRate(List<bool> agreed)
    {
        double d = Math.Pow(2, -1.0 / 256), weighted = 0, total = 0;
        for (int k = 0; k < agreed.Count; k++)
        {
            double w = Math.Pow(d, k);
            weighted += agreed[agreed.Count - 1 - k] ? w : 0;
            total += w;
        }

        return weighted / total;
    }

    private static int ArgMax(float[] p) => Array.IndexOf(p, p.Max());

    private static async Task<Dictionary<string, object?>> EventuallyAsync(RawClient client, Func<Dictionary<string, object?>, bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        for (uint id = 5000; ; id++)
        {
            Dictionary<string, object?> stats = client.Call(id, "stats").Map;
            if (condition(stats))
            {
                return stats;
            }

            Assert.True(DateTime.UtcNow < until, $"not reached: shadow {string.Join(", ", Shadow(stats))}");
            await Task.Delay(10);
        }
    }
}
