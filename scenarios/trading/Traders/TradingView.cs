namespace Fpx.Scenarios.Trading;

/// <summary>What a trader is shown at a decision point.</summary>
/// <param name="Day">The day being replayed. Model traders must only use <paramref name="Observation"/>; privileged
/// traders (the hindsight expert) may look at the whole day.</param>
/// <param name="Time">Decision time, market seconds since midnight.</param>
/// <param name="Price">The mid price at <paramref name="Time"/>.</param>
/// <param name="Cash">The trader's cash, USD.</param>
/// <param name="PositionLots">The trader's position, lots (negative is short).</param>
/// <param name="Observation">The observation tokens (<see cref="TradingVocabulary"/>).</param>
/// <param name="HindsightAction">The hindsight expert's label here (for quality, and for the oracle).</param>
public sealed record TradingView(MarketDay Day, double Time, double Price, double Cash, int PositionLots, int[] Observation, int HindsightAction);
