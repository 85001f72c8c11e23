namespace Fpx.Scenarios.Trading;

/// <summary>
/// Rules of a trading replay. Every setter checks its range, so a bad value fails where it is set.
/// </summary>
public sealed record TradingOptions
{
    /// <summary>
    /// Market seconds per wall second of decision latency. Default 100: inside a bar the path moves
    /// about 7 ticks per market second on the bundled days (AAPL and NVDA, 2025-04-04), so 1 ms of
    /// latency is 0.1 market s, about 0.7 ticks of travel, and the 0.1-2 ms the bundled models take
    /// spans 0.07-1.4 ticks: enough for latency to cost money, not so much that speed is everything.
    /// </summary>
    public double ReplaySpeed { get; init => field = Positive(value, nameof(ReplaySpeed)); } = 100;

    /// <summary>Market seconds between decision points (each agent decides at most once per point).</summary>
    public double DecisionIntervalSeconds { get; init => field = Positive(value, nameof(DecisionIntervalSeconds)); } = 1;

    /// <summary>Market seconds after the first bar before the first decision, so the longest return horizon has history.</summary>
    public double WarmupSeconds { get; init => field = NonNegative(value, nameof(WarmupSeconds)); } = 300;

    /// <summary>Starting cash per agent, USD. Daily yield is end-of-day P&amp;L over this.</summary>
    public double StartingCapital { get; init => field = Positive(value, nameof(StartingCapital)); } = 10_000;

    /// <summary>Shares per order (every order is one lot).</summary>
    public int LotShares { get; init => field = (int)Positive(value, nameof(LotShares)); } = 10;

    /// <summary>Largest absolute position, in lots; orders beyond it are rejected.</summary>
    public int MaxPositionLots { get; init => field = (int)Positive(value, nameof(MaxPositionLots)); } = 4;

    /// <summary>Price increment, USD (US equities above $1: one cent).</summary>
    public double TickSize { get; init => field = Positive(value, nameof(TickSize)); } = 0.01;

    /// <summary>
    /// The replayed price is the mid; the best ask (bid) is this many ticks above (below). Half a tick:
    /// a one-cent spread, typical of these stocks.
    /// </summary>
    public double HalfSpreadTicks { get; init => field = NonNegative(value, nameof(HalfSpreadTicks)); } = 0.5;

    /// <summary>Lots available at the best price on each side; each lot beyond it fills one tick worse.</summary>
    public double DepthLots { get; init => field = Positive(value, nameof(DepthLots)); } = 1;

    /// <summary>
    /// Market seconds for taken depth to refill completely (linearly, at DepthLots per RefillSeconds).
    /// Default 0.25 s, 2.5 ms of wall latency at the default speed: orders whose latencies differ by
    /// less than that compete for the same depth (the 0.1-2 ms range of interest), and up to four
    /// same-side lots per second refill before the next decision point, so depth taken in one
    /// second does not pile up into the next.
    /// </summary>
    public double RefillSeconds { get; init => field = Positive(value, nameof(RefillSeconds)); } = 0.25;

    /// <summary>Latency budget passed to deciders, µs.</summary>
    public long BudgetUs { get; init => field = (long)Positive(value, nameof(BudgetUs)); } = 2000;

    /// <summary>Length of the P&amp;L blocks the yield's block bootstrap resamples, market seconds.</summary>
    public double BlockSeconds { get; init => field = Positive(value, nameof(BlockSeconds)); } = 300;

    /// <summary>Hindsight label horizon, market seconds ahead of the decision.</summary>
    public double LabelHorizonSeconds { get; init => field = Positive(value, nameof(LabelHorizonSeconds)); } = 10;

    /// <summary>
    /// A move over the horizon must exceed this many ticks for the hindsight label to trade: one
    /// tick pays the round-trip spread, the rest is margin against the move reversing.
    /// </summary>
    public double LabelThresholdTicks { get; init => field = NonNegative(value, nameof(LabelThresholdTicks)); } = 2;

    /// <summary>Seed for everything random in a run (latency jitter, random agents, bootstrap).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>The replay speed as a <see cref="TimeScale"/>.</summary>
    public TimeScale Scale => new(ReplaySpeed);

    private static double Positive(double value, string name) =>
        value > 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, "must be positive and finite");

    private static double NonNegative(double value, string name) =>
        value >= 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, "must be non-negative and finite");
}
