namespace Fpx.Scenarios.Trading;

/// <summary>
/// The trading study: every trader alone on each day (as HFTBench runs its agents), then all of
/// them together in one arena per day, where arrival order decides who gets the price.
/// </summary>
public static class TradingStudy
{
    /// <summary>Runs the study and summarizes it.</summary>
    /// <param name="days">Days to replay (several files, dates or instruments).</param>
    /// <param name="traders">The participants; reused across runs.</param>
    /// <param name="options">Replay rules.</param>
    /// <param name="arena">Also run the arena (needs two or more traders to mean anything).</param>
    /// <param name="cancellationToken">Cancels the study.</param>
    public static async Task<TradingReport> RunAsync(
        IReadOnlyList<MarketDay> days, IReadOnlyList<ITrader> traders, TradingOptions options, bool arena = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(traders);
        if (traders.Select(t => t.Name).Distinct(StringComparer.Ordinal).Count() != traders.Count)
        {
            throw new ArgumentException("trader names must be distinct", nameof(traders));
        }
        var rows = new List<ScenarioResult>();
        var solo = new List<TraderOutcome>();
        foreach (var trader in traders)
        {
            var outcomes = new List<TraderOutcome>();
            foreach (var day in days)
            {
                outcomes.AddRange(await TradingReplay.RunAsync(day, [trader], options, cancellationToken).ConfigureAwait(false));
            }
            solo.AddRange(outcomes);
            rows.Add(TradingReport.Summarize("solo", outcomes, options));
        }
        var together = new List<TraderOutcome>();
        if (arena)
        {
            foreach (var day in days)
            {
                together.AddRange(await TradingReplay.RunAsync(day, traders, options, cancellationToken).ConfigureAwait(false));
            }
            foreach (var trader in traders)
            {
                rows.Add(TradingReport.Summarize("arena", together.Where(o => o.Trader == trader.Name).ToList(), options));
            }
        }
        return new TradingReport(rows, solo, together);
    }
}
