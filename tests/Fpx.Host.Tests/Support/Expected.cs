using Fpx.Host.Backend;
using Fpx.Host.Tasks;

namespace Fpx.Host.Tests.Support;

/// <summary>What a healthy host must answer, computed by a separate fake backend (the fake is deterministic).</summary>
public static class Expected
{
    public static float[] Probabilities(string task, int[] tokens, int variant = 0)
    {
        TaskDefinition t = TaskCatalog.CreateDemo().Find(task)!;
        using var backend = new FakeBackend(new FakeBackendOptions { Mode = FakeComputeMode.Virtual });
        var p = new float[t.ActionTokens.Length];
        backend.Decide(variant, [new BackendItem(t.ActionTokens, tokens, BackendItem.NoSession, p)], new TimeSpan[1]);
        return p;
    }

    public static double[] AsDoubles(object? probs) => ((object?[])probs!).Select(Convert.ToDouble).ToArray();

    /// <summary>A fresh connection gets pong and a correct decision.</summary>
    public static void Healthy(TestHost host)
    {
        using RawClient client = host.Connect();
        Assert.Equal("pong", client.Call(1, "ping").Result);
        Frame decision = client.Call(2, "decide", Msg.DecideParams("demo", [1, 2, 3], 1_000_000, variant: "fp16"));
        float[] expected = Probabilities("demo", [1, 2, 3]);
        Assert.Equal(expected.Select(x => (double)x), AsDoubles(decision.Map["probs"]));
        Assert.Equal((long)Array.IndexOf(expected, expected.Max()), decision.Map["action"]);
    }
}
