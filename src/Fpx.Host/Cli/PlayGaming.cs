using Fpx.Scenarios;
using Fpx.Scenarios.Gaming;

namespace Fpx.Host.Cli;

/// <summary>
/// <c>fpx play gaming</c>'s evaluation: each contestant head-to-head against the scripted expert
/// (win rate, Wilson 95% CI), then a round robin of all contestants ranked by Bradley-Terry. Each
/// decision's budget is the time until it matters (GamingBudget).
/// </summary>
internal static class PlayGaming
{
    /// <summary>The scripted opponent of the head-to-head series: the expert reacting on time.</summary>
    public const string ExpertName = "expert";

    /// <summary>The evaluation's rows (head-to-head first, then the round robin) and notes.</summary>
    public sealed record Result(IReadOnlyList<ScenarioResult> HeadToHead, IReadOnlyList<ScenarioResult> RoundRobin, IReadOnlyList<string> Notes);

    public static async Task<Result> RunAsync(PlayLineup lineup, GameOptions options, int headToHeadMatches, int roundRobinMatches, long? fixedBudgetUs, PlayProgress progress, CancellationToken cancellationToken)
    {
        Func<FighterView, long> budget = fixedBudgetUs is { } b ? _ => b : GamingBudget.Of;
        var fighters = lineup.Contestants.Select(c => (IFighter)new ModelFighter(c.Name, progress.Count(c.Agent), lineup.Clock, budget: budget)).ToList();
        var expert = new ScriptedFighter(ExpertName);
        var headToHead = new List<ScenarioResult>();
        var adaptiveVariants = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var fighter in fighters)
        {
            progress.Stage($"head-to-head: {fighter.Name} vs {ExpertName}");
            var (row, matches) = await GamingStudy.HeadToHeadAsync(fighter, expert, headToHeadMatches, options, cancellationToken).ConfigureAwait(false);
            headToHead.Add(row);
            if (fighter.Name == PlayLineup.AdaptiveName)
            {
                foreach (var match in matches)
                {
                    foreach (var (variant, n) in match.Stats[match.Names[0] == fighter.Name ? 0 : 1].Variants)
                    {
                        adaptiveVariants[variant] = adaptiveVariants.GetValueOrDefault(variant) + n;
                    }
                }
            }
        }
        progress.Stage($"round robin: {fighters.Count} entrants, {roundRobinMatches} matches per pair");
        var roundRobin = await GamingStudy.RoundRobinAsync(fighters, roundRobinMatches, options, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new Result(headToHead, roundRobin.Rows, [$"adaptive chose (head-to-head): {PlayOutput.Mix(adaptiveVariants)}"]);
    }

    /// <summary>
    /// Observations for the latency probe and the default profile: what both sides see in
    /// <paramref name="matches"/> seeded matches of the expert against itself, up to <paramref name="max"/>.
    /// </summary>
    public static async Task<IReadOnlyList<int[]>> ObservationsAsync(GameOptions options, int matches, int max, CancellationToken cancellationToken)
    {
        var all = new List<int[]>();
        var a = new ScriptedFighter("expert-a");
        var b = new ScriptedFighter("expert-b", reactionDelayFrames: 2);
        for (int m = 0; m < matches; m++)
        {
            ulong seed = CounterRandom.Mix(options.Seed, 0x6F6273, (ulong)m, 0);
            await MatchRunner.PlayAsync(a, b, options, seed, (_, view, _) => all.Add(view.Observation), cancellationToken).ConfigureAwait(false);
        }
        if (all.Count <= max)
        {
            return all;
        }
        double stride = (double)all.Count / max;
        return [.. Enumerable.Range(0, max).Select(i => all[(int)(i * stride)])];
    }
}
