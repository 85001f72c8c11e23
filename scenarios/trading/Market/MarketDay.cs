namespace Fpx.Scenarios.Trading;

/// <summary>
/// One day of per-second bars of one instrument, and the sub-second price path through them.
/// Seconds without a bar had no trades: the path stays at the previous close through them.
/// </summary>
public sealed partial class MarketDay
{
    private readonly OhlcBar[] _bars;
    private readonly int[] _seconds;

    /// <summary>Creates a day from bars in strictly increasing time order (validated by the loader, trusted here).</summary>
    /// <param name="name">Where it came from, e.g. <c>ohlc_AAPL_2025-04-04/2025-04-04</c>.</param>
    /// <param name="date">The date key.</param>
    /// <param name="bars">Bars in strictly increasing time order.</param>
    public MarketDay(string name, string date, IReadOnlyList<OhlcBar> bars)
    {
        ArgumentNullException.ThrowIfNull(bars);
        if (bars.Count == 0)
        {
            throw new ArgumentException("a day needs at least one bar", nameof(bars));
        }
        _bars = [.. bars];
        _seconds = _bars.Select(b => b.Second).ToArray();
        for (int i = 1; i < _seconds.Length; i++)
        {
            if (_seconds[i] <= _seconds[i - 1])
            {
                throw new ArgumentException($"bars must be in strictly increasing time order (index {i})", nameof(bars));
            }
        }
        Name = name;
        Date = date;
    }

    /// <summary>Source and date, for reports.</summary>
    public string Name { get; }

    /// <summary>The date key (YYYY-MM-DD).</summary>
    public string Date { get; }

    /// <summary>The bars.</summary>
    public IReadOnlyList<OhlcBar> Bars => _bars;

    /// <summary>Start of the first bar, seconds since midnight.</summary>
    public double Start => _seconds[0];

    /// <summary>End of the last bar (its second + 1): the close, where positions are marked.</summary>
    public double End => _seconds[^1] + 1;

    /// <summary>The last bar's close: the price positions are marked at.</summary>
    public double ClosePrice => _bars[^1].Close;
}
