using System.Globalization;
using Fpx.Scenarios.Trading;

namespace Fpx.Scenarios.Tool;

internal static class TradingCommands
{
    public static async Task<int> PlayAsync(Arguments args)
    {
        var files = args.All("data");
        var options = Options(args);
        var specs = (args.Get("agents") ?? "hindsight:0,hindsight:2000,random:500,hold:0").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var models = ModelAgents.FromArguments(args);
        string? output = args.Get("out");
        args.EnsureAllUsed();
        if (files.Count == 0)
        {
            throw new ArgumentException("--data FILE... is required");
        }
        var days = MarketDataLoader.LoadFiles(files);
        var traders = new List<ITrader>();
        foreach (string spec in specs)
        {
            var (kind, latency) = ParseSpec(spec);
            traders.Add(kind switch
            {
                "hindsight" => new HindsightTrader($"hindsight@{latency}us", latency),
                "random" => new RandomTrader($"random@{latency}us", 0.1, latency),
                "hold" => new RandomTrader($"hold@{latency}us", 0, latency),
                _ => throw new ArgumentException($"unknown trading agent '{kind}'"),
            });
        }
        await using var _ = models;
        foreach (var (name, agent, clock) in models.Start(TradingVocabulary.Instance))
        {
            traders.Add(new ModelTrader(name, agent, clock, options.BudgetUs));
        }
        var report = await TradingStudy.RunAsync(days, traders, options, arena: traders.Count > 1);
        Results.Write(report.Rows, output, $"trading: {string.Join(", ", days.Select(d => d.Name))}, speed {options.ReplaySpeed}x");
        return 0;
    }

    private static TradingOptions Options(Arguments args) => new()
    {
        ReplaySpeed = args.Double("speed", 100),
        Seed = (ulong)args.Int("seed", 1),
        LabelHorizonSeconds = args.Double("label-horizon", 10),
        LabelThresholdTicks = args.Double("label-threshold", 2),
    };

    internal static (string Kind, double LatencyUs) ParseSpec(string spec)
    {
        var parts = spec.Split(':');
        double latency = parts.Length > 1 ? double.Parse(parts[1], CultureInfo.InvariantCulture) : 0;
        return (parts[0], latency);
    }
}
