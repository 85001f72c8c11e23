namespace Fpx.Scenarios.Trading;

/// <summary>What one trader did on one replayed day.</summary>
public sealed class TraderOutcome
{
    internal TraderOutcome(string trader, string day, double startingCapital)
    {
        Trader = trader;
        Day = day;
        StartingCapital = startingCapital;
        Cash = startingCapital;
    }

    /// <summary>The trader's name.</summary>
    public string Trader { get; }

    /// <summary>The day's name.</summary>
    public string Day { get; }

    /// <summary>Starting cash, USD.</summary>
    public double StartingCapital { get; }

    /// <summary>Cash at the close, USD.</summary>
    public double Cash { get; internal set; }

    /// <summary>Position at the close, lots.</summary>
    public int PositionLots { get; internal set; }

    /// <summary>Cash plus the position marked at the day's close, USD.</summary>
    public double FinalEquity { get; internal set; }

    /// <summary>Daily yield: (final equity - starting capital) / starting capital.</summary>
    public double Yield => (FinalEquity - StartingCapital) / StartingCapital;

    /// <summary>Executed lots in execution order.</summary>
    public List<Fill> Fills { get; } = [];

    /// <summary>Decisions made.</summary>
    public long Decisions { get; internal set; }

    /// <summary>Decisions equal to the hindsight label at that point.</summary>
    public long AgreedWithHindsight { get; internal set; }

    /// <summary>Orders refused by the position limit or lack of cash at arrival.</summary>
    public long Rejected { get; internal set; }

    /// <summary>Orders that arrived after the close and were dropped.</summary>
    public long Late { get; internal set; }

    /// <summary>Charged latency of each decision, µs.</summary>
    public List<double> LatenciesUs { get; } = [];

    /// <summary>Decisions per variant label.</summary>
    public Dictionary<string, long> Variants { get; } = new(StringComparer.Ordinal);

    /// <summary>Equity change over each P&amp;L block of the day (the units of the yield's block bootstrap), USD.</summary>
    public List<double> BlockPnl { get; } = [];
}
