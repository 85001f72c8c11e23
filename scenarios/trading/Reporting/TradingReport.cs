using Fpx.Scenarios.Statistics;

namespace Fpx.Scenarios.Trading;

/// <summary>Result rows of a trading study: each trader alone on the replay, and all of them in one arena.</summary>
public sealed class TradingReport
{
    internal TradingReport(IReadOnlyList<ScenarioResult> rows, IReadOnlyList<TraderOutcome> solo, IReadOnlyList<TraderOutcome> arena)
    {
        Rows = rows;
        Solo = solo;
        Arena = arena;
    }

    /// <summary>One row per trader and mode (<c>solo</c>, <c>arena</c>); metric <c>daily_yield</c>.</summary>
    public IReadOnlyList<ScenarioResult> Rows { get; }

    /// <summary>Per-day outcomes of the solo runs.</summary>
    public IReadOnlyList<TraderOutcome> Solo { get; }

    /// <summary>Per-day outcomes of the arena runs.</summary>
    public IReadOnlyList<TraderOutcome> Arena { get; }

    /// <summary>
    /// Summarizes one trader's days. The yield is the mean daily yield; its 95% interval is a
    /// percentile block bootstrap over the P&amp;L blocks of all days (blocks of
    /// <see cref="TradingOptions.BlockSeconds"/>, resampled with replacement, summed and divided by
    /// capital times days): it says how much the day's result owes to a few lucky stretches.
    /// </summary>
    public static ScenarioResult Summarize(string mode, IReadOnlyList<TraderOutcome> days, TradingOptions options)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(options);
        if (days.Count == 0)
        {
            throw new ArgumentException("no days to summarize", nameof(days));
        }
        double scale = options.StartingCapital * days.Count;
        var blocks = days.SelectMany(d => d.BlockPnl).ToList();
        var ci = Bootstrap.Interval(blocks, v => Bootstrap.Sum(v) / scale, seed: (int)(options.Seed % int.MaxValue));
        var latency = LatencySummary.From(days.SelectMany(d => d.LatenciesUs));
        var variants = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (variant, n) in days.SelectMany(d => d.Variants))
        {
            variants[variant] = variants.GetValueOrDefault(variant) + n;
        }
        var fills = days.SelectMany(d => d.Fills).ToList();
        long decisions = days.Sum(d => d.Decisions);
        return new ScenarioResult
        {
            Scenario = TradingVocabulary.Task,
            Mode = mode,
            Policy = days[0].Trader,
            Bits = VariantBits.Mean(variants),
            LatencyMeanUs = latency.MeanUs,
            LatencyP99Us = latency.P99Us,
            Quality = decisions == 0 ? null : (double)days.Sum(d => d.AgreedWithHindsight) / decisions,
            Metric = "daily_yield",
            Outcome = days.Average(d => d.Yield),
            CiLow = ci.Low,
            CiHigh = ci.High,
            Decisions = decisions,
            Extra = new SortedDictionary<string, double>(StringComparer.Ordinal)
            {
                ["days"] = days.Count,
                ["trades_per_day"] = (double)fills.Count / days.Count,
                ["slippage_usd"] = fills.Count == 0 ? 0 : fills.Average(f => f.Slippage),
                ["slippage_bp"] = fills.Count == 0 ? 0 : fills.Average(f => f.Slippage / f.DecisionPrice * 1e4),
                ["walk_ticks"] = fills.Count == 0 ? 0 : fills.Average(f => f.WalkTicks),
                ["rejected"] = days.Sum(d => d.Rejected),
                ["late"] = days.Sum(d => d.Late),
                ["pnl_usd_per_day"] = days.Average(d => d.FinalEquity - d.StartingCapital),
            },
        };
    }
}
