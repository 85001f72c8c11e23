using Fpx.Scenarios;
using Fpx.Scenarios.Trading;

namespace Fpx.Host.Cli;

/// <summary>
/// <c>fpx play trading</c>'s evaluation: every contestant alone on each day, then all of them in one
/// arena per day (TradingStudy), each decision's budget from the recent volatility (TradingBudget).
/// </summary>
internal static class PlayTrading
{
    /// <summary>Minutes of each day a quick run keeps: the 5-minute warm-up plus 25 minutes of decisions.</summary>
    public const int QuickMinutes = 30;

    /// <summary>
    /// Where a quick run's slice starts: an hour after the first bar. The bundled days' first half
    /// hour is nearly flat (sparse one-price bars, under 1 tick per second of travel), which would
    /// make every budget the loose maximum and every variant trade alike.
    /// </summary>
    public const int QuickOffsetMinutes = 60;

    /// <summary>The evaluation's rows and what the adaptive contestant chose.</summary>
    public sealed record Result(TradingReport Report, IReadOnlyList<string> Notes);

    public static async Task<Result> RunAsync(IReadOnlyList<MarketDay> days, PlayLineup lineup, TradingOptions options, long? fixedBudgetUs, PlayProgress progress, CancellationToken cancellationToken)
    {
        var rule = new TradingBudget();
        Func<TradingView, long> budget = fixedBudgetUs is { } b ? _ => b : view => rule.Of(view, options);
        var traders = lineup.Contestants.Select(c => (ITrader)new ModelTrader(c.Name, progress.Count(c.Agent), lineup.Clock, budget: budget)).ToList();
        progress.Stage($"{traders.Count} traders alone, then together, on {days.Count} day(s)");
        var report = await TradingStudy.RunAsync(days, traders, options, arena: true, cancellationToken).ConfigureAwait(false);
        var notes = new List<string>();
        foreach (string mode in new[] { "solo", "arena" })
        {
            var outcomes = (mode == "solo" ? report.Solo : report.Arena).Where(o => o.Trader == PlayLineup.AdaptiveName).ToList();
            var variants = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var (variant, n) in outcomes.SelectMany(o => o.Variants))
            {
                variants[variant] = variants.GetValueOrDefault(variant) + n;
            }
            notes.Add($"adaptive chose ({mode}): {PlayOutput.Mix(variants)}");
        }
        return new Result(report, notes);
    }

    /// <summary>Each day cut to <see cref="QuickMinutes"/> minutes from <see cref="QuickOffsetMinutes"/> after its first bar (the whole day when shorter).</summary>
    public static IReadOnlyList<MarketDay> Quick(IReadOnlyList<MarketDay> days) =>
        [.. days.Select(d =>
        {
            double from = d.Start + QuickOffsetMinutes * 60, to = from + QuickMinutes * 60;
            var bars = d.Bars.Where(b => b.Second >= from && b.Second < to).ToList();
            return bars.Count > 0 && d.End - d.Start > (QuickOffsetMinutes + QuickMinutes) * 60 ? new MarketDay(d.Name, d.Date, bars) : d;
        })];

    /// <summary>
    /// Observations from the days, for the latency probe and the default profile: one per decision
    /// point, at the position the hindsight expert would hold there (so the position and cash tokens
    /// vary as they do in play), up to <paramref name="max"/>, spread evenly over the days.
    /// </summary>
    public static IReadOnlyList<int[]> Observations(IReadOnlyList<MarketDay> days, TradingOptions options, int max)
    {
        var all = new List<int[]>();
        foreach (var day in days)
        {
            int position = 0;
            double cash = options.StartingCapital;
            for (double t = day.Start + options.WarmupSeconds; t < day.End; t += options.DecisionIntervalSeconds)
            {
                all.Add(TradingTokenizer.Observe(day, t, cash, position, options));
                int label = HindsightExpert.Label(day, t, position, options);
                int step = label == TradingVocabulary.Buy ? 1 : label == TradingVocabulary.Sell ? -1 : 0;
                position += step;
                cash -= step * day.PriceAt(t) * options.LotShares;
            }
        }
        if (all.Count <= max)
        {
            return all;
        }
        double stride = (double)all.Count / max;
        return [.. Enumerable.Range(0, max).Select(i => all[(int)(i * stride)])];
    }
}
