using Fpx.Scenarios.Trading;

namespace Fpx.Scenarios.Tests.Trading;

/// <summary>Small hand-made days and a scripted trader.</summary>
internal static class TestDays
{
    /// <summary>Flat bars: <paramref name="prices"/>[i] for second start + i.</summary>
    public static MarketDay Flat(int start, params double[] prices) =>
        new("test/flat", "2025-01-02", prices.Select((p, i) => new OhlcBar(start + i, p, p, p, p)).ToArray());

    /// <summary>Options with no warmup and no jitter, so times are easy to compute by hand.</summary>
    public static TradingOptions Options => new() { WarmupSeconds = 0, BlockSeconds = 10 };

    public static string WriteTemp(string json)
    {
        string path = Path.Combine(Path.GetTempPath(), $"fpx-ohlc-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    /// <summary>Repository root (holds Fpx.sln), found upward from the test assembly.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fpx.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("Fpx.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>shared/data/market beside the repository (as CI and the worktrees have it).</summary>
    public static string MarketData()
    {
        foreach (var dir in new[] { Path.Combine(RepoRoot(), "..", "shared", "data", "market"), "/work/shared/data/market" })
        {
            if (Directory.Exists(dir))
            {
                return Path.GetFullPath(dir);
            }
        }
        throw new DirectoryNotFoundException("shared/data/market is missing: the HFTBench OHLC days sit beside the repository (../shared/data/market)");
    }
}

/// <summary>Decides with a function of the view, at a fixed latency.</summary>
internal sealed class ScriptTrader(string name, Func<TradingView, int> decide, double latencyUs = 0) : ITrader
{
    public string Name { get; } = name;

    public List<double> DecisionTimes { get; } = [];

    public ValueTask<AgentDecision> DecideAsync(TradingView view, DecisionContext context, CancellationToken cancellationToken)
    {
        DecisionTimes.Add(view.Time);
        return new(new AgentDecision(decide(view), latencyUs, "script"));
    }
}
