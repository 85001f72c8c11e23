using System.Text.Json;
using Fpx.Host.Tests.Support;

namespace Fpx.Host.Tests.Interop;

/// <summary>The Python (python3-msgpack) and Node (@msgpack/msgpack) bots in tests/interop against a live host.</summary>
public class BotTests
{
    internal static void CheckBotOutput(List<JsonElement> lines)
    {
        Assert.Equal(5, lines.Count);
        Assert.Equal("pong", lines[0].GetProperty("ping").GetString());
        foreach (JsonElement decision in lines.Skip(1).Take(3))
        {
            int[] tokens = [.. decision.GetProperty("tokens").EnumerateArray().Select(t => t.GetInt32())];
            double[] probs = [.. decision.GetProperty("probs").EnumerateArray().Select(p => p.GetDouble())];
            Assert.Equal("fp16", decision.GetProperty("variant").GetString());
            Assert.Equal(Expected.Probabilities("demo", tokens).Select(p => (double)p), probs);
            Assert.Equal(Array.IndexOf(probs, probs.Max()), decision.GetProperty("action").GetInt32());
            Assert.True(decision.GetProperty("deadline_met").GetBoolean());
        }

        Assert.Equal(20, lines[4].GetProperty("distinct_ids").GetInt32());
        Assert.Equal(0, lines[4].GetProperty("errors").GetInt32());
    }

    [Fact]
    public async Task Python_bot_pings_and_decides()
    {
        string python = Peers.RequirePython();
        await using TestHost host = await TestHost.StartAsync();
        CheckBotOutput(Peers.RunBot(python, "tests/interop/python/bot.py", host.Port));
    }

    [Fact]
    public async Task Node_bot_pings_and_decides()
    {
        string node = Peers.RequireNode();
        await using TestHost host = await TestHost.StartAsync();
        CheckBotOutput(Peers.RunBot(node, "tests/interop/node/bot.mjs", host.Port));
    }

    [Fact]
    public async Task Bots_authenticate_when_the_host_has_a_secret()
    {
        string python = Peers.RequirePython();
        string node = Peers.RequireNode();
        await using TestHost host = await TestHost.StartAsync(o => o.With(secret: "interop-secret"u8.ToArray()));
        CheckBotOutput(Peers.RunBot(python, "tests/interop/python/bot.py", host.Port, "interop-secret"));
        CheckBotOutput(Peers.RunBot(node, "tests/interop/node/bot.mjs", host.Port, "interop-secret"));
    }
}
