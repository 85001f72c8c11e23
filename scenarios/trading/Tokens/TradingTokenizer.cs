namespace Fpx.Scenarios.Trading;

/// <summary>Turns what an agent may see at a decision point into observation tokens (<see cref="TradingVocabulary"/>).</summary>
public static class TradingTokenizer
{
    private static readonly double[][] ReturnEdges = TradingVocabulary.Horizons.Select(TradingVocabulary.ReturnEdges).ToArray();

    /// <summary>The observation at <paramref name="time"/> for an account holding <paramref name="cash"/> and <paramref name="positionLots"/>.</summary>
    public static int[] Observe(MarketDay day, double time, double cash, int positionLots, TradingOptions options)
    {
        ArgumentNullException.ThrowIfNull(day);
        ArgumentNullException.ThrowIfNull(options);
        var buckets = new int[TradingVocabulary.Instance.Fields.Count];
        double price = day.PriceAt(time);
        int f = 0;
        for (int h = 0; h < TradingVocabulary.Horizons.Length; h++)
        {
            double past = day.PriceAt(time - TradingVocabulary.Horizons[h]);
            buckets[f++] = Buckets.Of((price / past - 1) * 1e4, ReturnEdges[h]);
        }
        buckets[f++] = Buckets.Of(RangeBp(day, time, 60), TradingVocabulary.RangeEdgesBp);
        double fraction = (double)positionLots / options.MaxPositionLots;
        buckets[f++] = (int)Math.Round(fraction * TradingVocabulary.PositionSteps) + TradingVocabulary.PositionSteps;
        buckets[f++] = Buckets.Of(cash / options.StartingCapital, TradingVocabulary.CashEdges);
        buckets[f++] = Buckets.Of(positionLots * options.LotShares * price / options.StartingCapital, TradingVocabulary.HoldingsEdges);
        buckets[f++] = (int)Math.Floor((time - 9.5 * 3600) / 1800);
        return TradingVocabulary.Instance.Encode(buckets);
    }

    /// <summary>High-low range of the path sampled each second over the last <paramref name="seconds"/>, in bp of the current price.</summary>
    internal static double RangeBp(MarketDay day, double time, int seconds)
    {
        double high = double.MinValue, low = double.MaxValue;
        for (int s = 0; s <= seconds; s++)
        {
            double p = day.PriceAt(time - s);
            high = Math.Max(high, p);
            low = Math.Min(low, p);
        }
        return (high - low) / day.PriceAt(time) * 1e4;
    }
}
