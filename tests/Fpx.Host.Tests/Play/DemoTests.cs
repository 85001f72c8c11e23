using System.Net.Sockets;
using System.Text.RegularExpressions;
using Fpx.Host.Backend;
using Fpx.Host.Cli;

namespace Fpx.Host.Tests.Play;

public class DemoTests
{
    [Fact]
    public async Task The_demo_starts_a_host_per_scenario_plays_over_tcp_and_stops_them()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var output = new StringWriter();
        var error = new StringWriter();
        // Virtual fake compute: the host answers at once, so the test is about the path, not speed.
        static (IDecisionBackend, string) Backend(string model) =>
            (new FakeBackend(new FakeBackendOptions { Mode = FakeComputeMode.Virtual }), "fake (test)");
        var settings = new DemoCommand.DemoSettings([PlayFixtures.TinyMarketDay(seconds: 360)], Seed: 2, Output: null,
            TradingModel: PlayFixtures.Model("trading-small"), GamingModel: PlayFixtures.Model("gaming-small"), GamingMatches: 1, RoundRobinMatches: 1);
        double seconds = await DemoCommand.RunAsync(settings, output, error, Backend, timeout.Token);

        string text = output.ToString();
        Assert.Contains("# trading (wall clock)", text);
        Assert.Contains("# gaming (wall clock)", text);
        Assert.Contains("arena  adaptive", text);
        Assert.Contains("round-robin", text);
        Assert.Contains("# demo wall time", text);
        Assert.InRange(seconds, 0, 120);
        Assert.Contains("fpx demo: gaming done, stopping its host", error.ToString());

        // Both hosts are gone once the demo returns: their ports refuse connections.
        foreach (Match m in Regex.Matches(text, @"host: .* at 127\.0\.0\.1:(\d+)"))
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await Assert.ThrowsAsync<SocketException>(async () => await socket.ConnectAsync("127.0.0.1", int.Parse(m.Groups[1].Value)));
        }
    }
}
