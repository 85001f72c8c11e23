using Fpx.Scenarios.Gaming;

namespace Fpx.Scenarios.Tool;

internal static class GamingCommands
{
    public static async Task<int> PlayAsync(Arguments args)
    {
        var options = Options(args);
        var specs = (args.Get("agents") ?? "expert:0,expert:2,expert:5,random:0").Split(',', StringSplitOptions.RemoveEmptyEntries);
        int matches = args.Int("matches", 40);
        var models = ModelAgents.FromArguments(args);
        string? output = args.Get("out");
        args.EnsureAllUsed();
        var fighters = new List<IFighter>();
        foreach (string spec in specs)
        {
            // Scripted agents take their delay in frames: expert:5 reacts 5 frames late.
            var (kind, frames) = TradingCommands.ParseSpec(spec);
            fighters.Add(kind switch
            {
                "expert" => new ScriptedFighter($"expert+{frames}f", frames),
                "sloppy" => new ScriptedFighter($"sloppy+{frames}f", frames, mistakeRate: 0.3),
                "random" => new RandomFighter($"random+{frames}f", frames),
                _ => throw new ArgumentException($"unknown gaming agent '{kind}'"),
            });
        }
        await using var _ = models;
        foreach (var (name, agent, clock) in models.Start(GamingVocabulary.Instance))
        {
            fighters.Add(new ModelFighter(name, agent, clock, budgetUs: options.BudgetUs));
        }
        var report = await GamingStudy.RoundRobinAsync(fighters, matches, options);
        Results.Write(report.Rows, output, $"gaming: round robin, {matches} matches per pair, {options.FramesPerMillisecond} frames/ms");
        return 0;
    }

    private static GameOptions Options(Arguments args) => new()
    {
        FramesPerMillisecond = args.Double("frames-per-ms", 4),
        Seed = (ulong)args.Int("seed", 1),
    };
}
