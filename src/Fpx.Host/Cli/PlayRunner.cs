using Fpx.Scenarios;
using Fpx.Scenarios.Gaming;
using Fpx.Scenarios.Trading;

namespace Fpx.Host.Cli;

/// <summary>Settings of one <c>fpx play</c> run (what the command line and <c>fpx demo</c> fill in).</summary>
internal sealed record PlaySettings
{
    /// <summary>Model directory; null for the bundled <c>models/&lt;scenario&gt;-small</c>.</summary>
    public string? Model { get; init; }

    /// <summary>HOST:PORT of a live host (wall clock); null for the in-process runtime (virtual clock).</summary>
    public string? Host { get; init; }

    public bool Quick { get; init; }

    public string? Json { get; init; }

    public string? Plot { get; init; }

    public ulong Seed { get; init; } = 1;

    /// <summary>Variants to play; null for all (every serving variant in process, every variant the host serves).</summary>
    public IReadOnlyList<string>? Variants { get; init; }

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Timed decisions per variant; null for 200 (100 with <see cref="Quick"/>).</summary>
    public int? ProbeSamples { get; init; }

    public IReadOnlyDictionary<string, double>? FixedLatencyUs { get; init; }

    /// <summary>
    /// Play only a shortlist of the variants (the most precise, fp8, the middle mix, the fastest)
    /// when <see cref="Variants"/> is null: what <c>fpx demo</c> uses to stay short.
    /// </summary>
    public bool Shortlist { get; init; }

    /// <summary>Utility of the default profile (null: hard); ignored when the model has a profile file.</summary>
    public Fpx.Policy.Profiles.UtilitySpec? Utility { get; init; }

    /// <summary>Every decision gets this budget instead of the scenario's rule (what-if runs).</summary>
    public long? FixedBudgetUs { get; init; }

    /// <summary>Trading: market data files; empty for the default.</summary>
    public IReadOnlyList<string> Data { get; init; } = [];

    /// <summary>Gaming: matches of each contestant against the expert; null for the default.</summary>
    public int? Matches { get; init; }

    /// <summary>Gaming: matches per pair in the round robin; null for the default.</summary>
    public int? RoundRobinMatches { get; init; }
}

/// <summary>A finished play run: its title, its rows and what was printed.</summary>
internal sealed record PlayReport(string Title, IReadOnlyList<ScenarioResult> Rows, string Text, double Seconds, long Decisions);

/// <summary>Runs the two evaluations for <c>fpx play</c> and <c>fpx demo</c>.</summary>
internal static class PlayRunner
{
    /// <summary>Extra columns of the trading table.</summary>
    public static readonly string[] TradingExtras = ["trades_per_day", "slippage_usd", "walk_ticks", "late"];

    /// <summary>Extra columns of the gaming table.</summary>
    public static readonly string[] GamingExtras = ["win_rate", "mean_delay_frames", "matches"];

    public static async Task<PlayReport> TradingAsync(PlaySettings s, TextWriter error, CancellationToken cancellationToken)
    {
        var progress = new PlayProgress(error, "fpx play trading");
        string model = s.Model ?? PlayPaths.BundledModel("trading-small");
        if (s.Host is null)
        {
            PlayModelTask.Check(model, TradingVocabulary.Instance); // before any data is read: a wrong model is a usage error
        }
        var files = s.Data.Count > 0 ? s.Data : PlayPaths.DefaultMarketData(model);
        progress.Stage($"loading {string.Join(", ", files.Select(Path.GetFileName))}");
        var days = MarketDataLoader.LoadFiles(files);
        if (s.Quick)
        {
            days = PlayTrading.Quick(days);
        }
        var options = new TradingOptions { Seed = s.Seed };
        var observations = PlayTrading.Observations(days, options, s.Quick ? 300 : 2000);
        await using var lineup = await LineupAsync(s, model, TradingVocabulary.Instance, observations, progress, cancellationToken).ConfigureAwait(false);
        var result = await PlayTrading.RunAsync(days, lineup, options, s.FixedBudgetUs, progress, cancellationToken).ConfigureAwait(false);
        var notes = lineup.Notes.Concat(result.Notes).Concat(BudgetNote(lineup, s.FixedBudgetUs, "TradingBudget: 1 tick of travel at the last 10 s's speed")).ToList();
        string title = $"trading ({(s.Host is null ? "virtual clock" : "wall clock")}): {string.Join(", ", days.Select(d => d.Name))}{(s.Quick ? $", {PlayTrading.QuickMinutes} min from {PlayTrading.QuickOffsetMinutes} min after the first bar" : "")}, seed {s.Seed}; metric daily_yield, 95% block-bootstrap CI";
        return Finish(s, title, notes, result.Report.Rows, result.Report.Rows, TradingExtras, progress);
    }

    public static async Task<PlayReport> GamingAsync(PlaySettings s, TextWriter error, CancellationToken cancellationToken)
    {
        var progress = new PlayProgress(error, "fpx play gaming");
        string model = s.Model ?? PlayPaths.BundledModel("gaming-small");
        if (s.Host is null)
        {
            PlayModelTask.Check(model, GamingVocabulary.Instance);
        }
        var options = new GameOptions { Seed = s.Seed };
        progress.Stage("collecting observations (expert against itself)");
        var observations = await PlayGaming.ObservationsAsync(options, matches: 2, max: s.Quick ? 300 : 2000, cancellationToken).ConfigureAwait(false);
        await using var lineup = await LineupAsync(s, model, GamingVocabulary.Instance, observations, progress, cancellationToken).ConfigureAwait(false);
        int matches = s.Matches ?? (s.Quick ? 6 : 40);
        int roundRobin = s.RoundRobinMatches ?? (s.Quick ? 2 : 6);
        var result = await PlayGaming.RunAsync(lineup, options, matches, roundRobin, s.FixedBudgetUs, progress, cancellationToken).ConfigureAwait(false);
        var notes = lineup.Notes.Concat(result.Notes).Concat(BudgetNote(lineup, s.FixedBudgetUs, "GamingBudget: frames until the opponent's attack is active, else loose")).ToList();
        string title = $"gaming ({(s.Host is null ? "virtual clock" : "wall clock")}): head-to-head vs the scripted expert ({matches} matches, win_rate, Wilson 95% CI), "
            + $"round robin ({roundRobin} per pair, bt_elo, bootstrap 95% CI), {options.FramesPerMillisecond} frames/ms, seed {s.Seed}";
        return Finish(s, title, notes, [.. result.HeadToHead, .. result.RoundRobin], result.HeadToHead, GamingExtras, progress);
    }

    private static async Task<PlayLineup> LineupAsync(PlaySettings s, string model, TokenVocabulary vocabulary, IReadOnlyList<int[]> observations, PlayProgress progress, CancellationToken cancellationToken) =>
        s.Host is { } host
            ? await PlayLineup.WallAsync(host, vocabulary, s.Variants, s.Shortlist, progress.Stage, cancellationToken).ConfigureAwait(false)
            : PlayLineup.Virtual(model, vocabulary, observations, new PlayVirtualSettings(s.Variants ?? (s.Shortlist ? PlayLineup.Shortlist(Fpx.Engine.Runtime.VariantNames.Serving) : null), s.Warmup, s.ProbeSamples ?? (s.Quick ? 100 : 200), s.FixedLatencyUs, s.Utility), progress.Stage);

    private static IEnumerable<string> BudgetNote(PlayLineup lineup, long? fixedBudgetUs, string rule)
    {
        string budgets = lineup.Adaptive is { } a ? $"; adaptive's budgets {PlayOutput.Budgets(a.Budgets)}; its choices: "
            + string.Join(", ", a.Reasons.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}")) : "";
        yield return (fixedBudgetUs is { } b ? $"budget: fixed at {b} us (--fixed-budget-us)" : $"budget: {rule}") + budgets;
    }

    private static PlayReport Finish(PlaySettings s, string title, IReadOnlyList<string> notes, IReadOnlyList<ScenarioResult> rows, IReadOnlyList<ScenarioResult> plotRows, string[] extras, PlayProgress progress)
    {
        var text = new StringWriter();
        PlayOutput.Print(text, title, notes, rows, extras);
        if (s.Json is { } json)
        {
            PlayOutput.WriteJson(json, rows);
        }
        if (s.Plot is { } plot)
        {
            PlayOutput.WritePlot(plot, plotRows, title.Split(':')[0]);
        }
        progress.Stage("done");
        return new PlayReport(title, rows, text.ToString(), progress.Seconds, progress.Decisions);
    }
}
