namespace Fpx.Scenarios.Trading;

/// <summary>
/// The trading task's tokens: the single definition Python and C# share (exported as tokens.json).
/// Observation: returns over four horizons, the last minute's range, position, cash, holdings and
/// time of day. Actions: <c>hold</c>, <c>buy</c>, <c>sell</c> (one lot each).
/// </summary>
public static class TradingVocabulary
{
    /// <summary>The task name requests carry.</summary>
    public const string Task = "trading";

    /// <summary>Action index of holding.</summary>
    public const int Hold = 0;

    /// <summary>Action index of buying a lot.</summary>
    public const int Buy = 1;

    /// <summary>Action index of selling a lot.</summary>
    public const int Sell = 2;

    /// <summary>Return horizons, market seconds, in field order.</summary>
    public static readonly int[] Horizons = [1, 10, 60, 300];

    /// <summary>
    /// Return bucket edges in basis points for a 1-second horizon; a horizon h uses these times
    /// sqrt(h) (returns scale like a random walk). One-second moves on the bundled days average 3-4 bp.
    /// </summary>
    public static readonly double[] ReturnEdgesBp = [-10, -5, -2, -0.5, 0.5, 2, 5, 10];

    /// <summary>Edges of the last minute's high-low range, basis points of the price.</summary>
    public static readonly double[] RangeEdgesBp = [2, 5, 10, 20, 40];

    /// <summary>Edges of cash over starting capital.</summary>
    public static readonly double[] CashEdges = [0.25, 0.5, 0.75, 1.0, 1.25, 1.5];

    /// <summary>Edges of the signed position value over starting capital.</summary>
    public static readonly double[] HoldingsEdges = [-0.75, -0.4, -0.1, 0.1, 0.4, 0.75];

    /// <summary>Position buckets: the position as a fraction of the limit, in quarters, -4..+4.</summary>
    public const int PositionSteps = 4;

    /// <summary>Half-hour buckets from 09:30 to 16:00 (earlier and later times fall in the edge buckets).</summary>
    public const int TimeBuckets = 13;

    /// <summary>The vocabulary (built once).</summary>
    public static TokenVocabulary Instance { get; } = Build();

    private static TokenVocabulary Build()
    {
        var builder = new TokenVocabularyBuilder(Task, version: 1);
        foreach (int h in Horizons)
        {
            builder.Field($"ret_{h}s", Buckets.Labels(ReturnEdges(h)));
        }
        builder.Field("range_60s", Buckets.Labels(RangeEdgesBp));
        builder.Field("position", Enumerable.Range(-PositionSteps, 2 * PositionSteps + 1).Select(q => $"{q:+0;-0;0}/{PositionSteps}").ToArray());
        builder.Field("cash", Buckets.Labels(CashEdges));
        builder.Field("holdings", Buckets.Labels(HoldingsEdges));
        builder.Field("time", Enumerable.Range(0, TimeBuckets).Select(i => $"{9 + (30 + 30 * i) / 60:D2}:{(30 + 30 * i) % 60:D2}").ToArray());
        return builder.Actions("hold", "buy", "sell").Build();
    }

    /// <summary>Return edges in basis points for horizon <paramref name="seconds"/>.</summary>
    public static double[] ReturnEdges(int seconds) => ReturnEdgesBp.Select(e => Math.Round(e * Math.Sqrt(seconds), 2)).ToArray();
}
