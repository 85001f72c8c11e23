using Fpx.Scenarios.Statistics;

namespace Fpx.Scenarios.Gaming;

/// <summary>
/// Seeded match series: head-to-head win rates with Wilson intervals, and a round robin ranked by
/// Bradley-Terry. Sides alternate between matches so neither fighter keeps the left.
/// </summary>
public static class GamingStudy
{
    /// <summary>
    /// Plays <paramref name="matches"/> matches of <paramref name="a"/> against <paramref name="b"/>.
    /// The row is <paramref name="a"/>'s: win rate (a draw scores half) with its 95% Wilson interval.
    /// </summary>
    public static async Task<(ScenarioResult Row, IReadOnlyList<MatchResult> Matches)> HeadToHeadAsync(
        IFighter a, IFighter b, int matches, GameOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(matches, 1);
        var results = await SeriesAsync(a, b, pair: 0, matches, options, cancellationToken).ConfigureAwait(false);
        double score = results.Sum(r => r.Score(SideOf(r, a.Name)));
        var ci = Wilson.Interval(score, matches);
        return (Row(options, a.Name, $"vs {b.Name}", "win_rate", score / matches, ci.Low, ci.High, results.Select(r => (r, SideOf(r, a.Name))).ToList(), matches), results);
    }

    /// <summary>
    /// Every pair of <paramref name="entrants"/> plays <paramref name="matchesPerPair"/> matches; the rows
    /// rank them by Bradley-Terry strength on the Elo scale (MM fit with one virtual draw per pair, so a
    /// winless entrant stays finite), with 95% intervals from a bootstrap over each pair's matches.
    /// </summary>
    public static async Task<RoundRobinReport> RoundRobinAsync(
        IReadOnlyList<IFighter> entrants, int matchesPerPair, GameOptions options, int bootstrap = 200, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entrants);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(entrants.Count, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(matchesPerPair, 1);
        if (entrants.Select(e => e.Name).Distinct(StringComparer.Ordinal).Count() != entrants.Count)
        {
            throw new ArgumentException("entrant names must be distinct", nameof(entrants));
        }
        int n = entrants.Count;
        var scores = new List<double>[n, n];
        var all = new List<MatchResult>();
        int pair = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                var results = await SeriesAsync(entrants[i], entrants[j], ++pair, matchesPerPair, options, cancellationToken).ConfigureAwait(false);
                all.AddRange(results);
                scores[i, j] = results.Select(r => r.Score(SideOf(r, entrants[i].Name))).ToList();
            }
        }
        var strengths = BradleyTerry.Fit(Wins(scores, n, rng: null), prior: 1);
        var rng = new Random((int)(options.Seed % int.MaxValue));
        var samples = Enumerable.Range(0, bootstrap).Select(_ => BradleyTerry.Fit(Wins(scores, n, rng), prior: 1)).ToList();
        var rows = new List<ScenarioResult>();
        for (int i = 0; i < n; i++)
        {
            var elo = samples.Select(s => BradleyTerry.ToElo(s[i])).Order().ToArray();
            var played = all.Where(r => r.Names.Contains(entrants[i].Name)).Select(r => (r, SideOf(r, entrants[i].Name))).ToList();
            double winRate = played.Average(p => p.r.Score(p.Item2));
            var row = Row(options, entrants[i].Name, "round-robin", "bt_elo", BradleyTerry.ToElo(strengths[i]),
                Bootstrap.Quantile(elo, 0.025), Bootstrap.Quantile(elo, 0.975), played, played.Count);
            rows.Add(row with { Extra = new SortedDictionary<string, double>(row.Extra.ToDictionary(), StringComparer.Ordinal) { ["win_rate"] = winRate } });
        }
        return new RoundRobinReport(rows.OrderByDescending(r => r.Outcome).ToList(), all, strengths);
    }

    private static async Task<List<MatchResult>> SeriesAsync(IFighter a, IFighter b, int pair, int matches, GameOptions options, CancellationToken cancellationToken)
    {
        var results = new List<MatchResult>(matches);
        for (int m = 0; m < matches; m++)
        {
            ulong seed = CounterRandom.Mix(options.Seed, (ulong)pair, (ulong)m, 0x6D61);
            var (left, right) = m % 2 == 0 ? (a, b) : (b, a);
            results.Add(await MatchRunner.PlayAsync(left, right, options, seed, cancellationToken: cancellationToken).ConfigureAwait(false));
        }
        return results;
    }

    private static int SideOf(MatchResult r, string name) => r.Names[0] == name ? 0 : 1;

    /// <summary>The win matrix, optionally with each pair's matches resampled with replacement.</summary>
    private static double[,] Wins(List<double>[,] scores, int n, Random? rng)
    {
        var wins = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                var s = scores[i, j];
                for (int k = 0; k < s.Count; k++)
                {
                    double score = rng is null ? s[k] : s[rng.Next(s.Count)];
                    wins[i, j] += score;
                    wins[j, i] += 1 - score;
                }
            }
        }
        return wins;
    }

    private static ScenarioResult Row(GameOptions options, string policy, string mode, string metric, double outcome, double low, double high,
        IReadOnlyList<(MatchResult Match, int Side)> played, int matches)
    {
        var stats = played.Select(p => p.Match.Stats[p.Side]).ToList();
        var latency = LatencySummary.From(stats.SelectMany(s => s.LatenciesUs));
        var variants = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (variant, count) in stats.SelectMany(s => s.Variants))
        {
            variants[variant] = variants.GetValueOrDefault(variant) + count;
        }
        long decisions = stats.Sum(s => s.Decisions);
        return new ScenarioResult
        {
            Scenario = GamingVocabulary.Task,
            Mode = mode,
            Policy = policy,
            Bits = VariantBits.Mean(variants),
            LatencyMeanUs = latency.MeanUs,
            LatencyP99Us = latency.P99Us,
            Quality = decisions == 0 ? null : (double)stats.Sum(s => s.AgreedWithExpert) / decisions,
            Metric = metric,
            Outcome = outcome,
            CiLow = low,
            CiHigh = high,
            Decisions = decisions,
            Extra = new SortedDictionary<string, double>(StringComparer.Ordinal)
            {
                ["matches"] = matches,
                ["draws"] = played.Count(p => p.Match.Winner == -1),
                ["damage_per_match"] = played.Count == 0 ? 0 : stats.Average(s => s.DamageDealt),
                ["ko_rounds"] = played.Sum(p => p.Match.Rounds.Count(r => r.KnockOut && r.Winner == p.Side)),
                ["mean_delay_frames"] = options.LatencyToFrames(latency.MeanUs),
            },
        };
    }
}
