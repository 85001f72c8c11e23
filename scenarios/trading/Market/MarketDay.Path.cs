namespace Fpx.Scenarios.Trading;

/// <summary>
/// The sub-second price path. Within a bar's second the price moves piecewise linearly
/// open -> nearer extreme -> other extreme -> close at constant speed (time on each leg proportional
/// to its length), so the price moves as fast as the bar's range says and never leaves [low, high].
/// "Nearer" is measured from the open; on a tie the extreme farther from the close comes first, so
/// the last leg heads toward the close. A bar with no range is flat. At the next bar the price jumps
/// from close to that bar's open (a trade-to-trade gap); seconds without a bar stay at the last
/// close. The path is deterministic: the data fix it, no seed is needed. (A seeded Brownian bridge
/// through the same points would add noise that no decision could anticipate; left for later.)
/// </summary>
public sealed partial class MarketDay
{
    /// <summary>The path's price at <paramref name="time"/> (seconds since midnight, fractional).</summary>
    public double PriceAt(double time)
    {
        if (time < _seconds[0])
        {
            return _bars[0].Open;
        }
        int second = (int)Math.Floor(time);
        int index = Array.BinarySearch(_seconds, second);
        if (index < 0)
        {
            // No bar this second: the last close before it.
            return _bars[~index - 1].Close;
        }
        return WithinBar(_bars[index], time - second);
    }

    /// <summary>The price a fraction <paramref name="f"/> in [0, 1] through a bar.</summary>
    internal static double WithinBar(in OhlcBar bar, double f)
    {
        var (first, second) = ExtremeOrder(bar);
        double leg1 = Math.Abs(first - bar.Open), leg2 = Math.Abs(second - first), leg3 = Math.Abs(bar.Close - second);
        double total = leg1 + leg2 + leg3;
        if (total <= 0)
        {
            return bar.Open;
        }
        double s = Math.Clamp(f, 0, 1) * total;
        if (s <= leg1)
        {
            return Lerp(bar.Open, first, leg1, s);
        }
        s -= leg1;
        if (s <= leg2)
        {
            return Lerp(first, second, leg2, s);
        }
        return Lerp(second, bar.Close, leg3, s - leg2);
    }

    /// <summary>The extremes in the order the path visits them.</summary>
    internal static (double First, double Second) ExtremeOrder(in OhlcBar bar)
    {
        double toHigh = bar.High - bar.Open, toLow = bar.Open - bar.Low;
        bool highFirst = toHigh != toLow ? toHigh < toLow : bar.High - bar.Close >= bar.Close - bar.Low;
        return highFirst ? (bar.High, bar.Low) : (bar.Low, bar.High);
    }

    private static double Lerp(double a, double b, double length, double s) => length <= 0 ? b : a + (b - a) * (s / length);
}

public sealed partial class MarketDay
{
    /// <summary>
    /// Distance the path travels (USD, summed absolute moves) over the whole bars in
    /// [<paramref name="from"/>, <paramref name="to"/>): each bar's three legs plus the jumps between
    /// consecutive bars. A measure of how fast the price has been moving.
    /// </summary>
    public double PathTravel(double from, double to)
    {
        int start = Array.BinarySearch(_seconds, (int)Math.Ceiling(from));
        start = start < 0 ? ~start : start;
        double travel = 0;
        for (int i = start; i < _bars.Length && _seconds[i] < to; i++)
        {
            var bar = _bars[i];
            var (first, second) = ExtremeOrder(bar);
            travel += Math.Abs(first - bar.Open) + Math.Abs(second - first) + Math.Abs(bar.Close - second);
            if (i > start)
            {
                travel += Math.Abs(bar.Open - _bars[i - 1].Close);
            }
        }
        return travel;
    }
}
