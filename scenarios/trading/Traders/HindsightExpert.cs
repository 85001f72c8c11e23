namespace Fpx.Scenarios.Trading;

/// <summary>
/// The behaviour-cloning teacher: the best action given the future path over a short horizon. Buy
/// when the price <see cref="TradingOptions.LabelHorizonSeconds"/> ahead exceeds the current one by
/// more than <see cref="TradingOptions.LabelThresholdTicks"/>, sell when it is below by as much,
/// otherwise hold; an action the position limit forbids becomes hold.
/// </summary>
public static class HindsightExpert
{
    /// <summary>The label (action index) at <paramref name="time"/> for an agent holding <paramref name="positionLots"/>.</summary>
    public static int Label(MarketDay day, double time, int positionLots, TradingOptions options)
    {
        ArgumentNullException.ThrowIfNull(day);
        ArgumentNullException.ThrowIfNull(options);
        double move = day.PriceAt(time + options.LabelHorizonSeconds) - day.PriceAt(time);
        double threshold = options.LabelThresholdTicks * options.TickSize;
        if (move > threshold && positionLots < options.MaxPositionLots)
        {
            return TradingVocabulary.Buy;
        }
        if (move < -threshold && positionLots > -options.MaxPositionLots)
        {
            return TradingVocabulary.Sell;
        }
        return TradingVocabulary.Hold;
    }
}
