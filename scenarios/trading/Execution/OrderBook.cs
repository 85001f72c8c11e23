namespace Fpx.Scenarios.Trading;

/// <summary>
/// The liquidity agents compete for. Each side offers <see cref="TradingOptions.DepthLots"/> lots at
/// the best price (mid ± half spread); a lot taken beyond that fills one tick worse per lot beyond,
/// and taken depth refills linearly over <see cref="TradingOptions.RefillSeconds"/>. Orders must be
/// offered in arrival order: that is what makes the faster agent get the better price.
/// </summary>
internal sealed class OrderBook(TradingOptions options)
{
    private readonly Side _asks = new();
    private readonly Side _bids = new();

    /// <summary>The price one lot would fill at, <paramref name="time"/>, without taking it.</summary>
    public double Quote(OrderSide side, double time, double mid) => Price(side, mid, Walk(Refilled(side, time)));

    /// <summary>Takes one lot at <paramref name="time"/>; returns the fill price and the ticks walked past the best.</summary>
    public (double Price, int WalkTicks) Take(OrderSide side, double time, double mid)
    {
        var book = side == OrderSide.Buy ? _asks : _bids;
        book.Taken = Refilled(side, time);
        book.LastTime = time;
        int walk = Walk(book.Taken);
        book.Taken += 1;
        return (Price(side, mid, walk), walk);
    }

    private double Refilled(OrderSide side, double time)
    {
        var book = side == OrderSide.Buy ? _asks : _bids;
        if (time < book.LastTime)
        {
            throw new InvalidOperationException($"orders must arrive in time order ({time} after {book.LastTime})");
        }
        return Math.Max(0, book.Taken - (time - book.LastTime) * options.DepthLots / options.RefillSeconds);
    }

    /// <summary>The lot occupies depth (taken, taken + 1]; each lot (or part of one) beyond the depth costs a tick.</summary>
    private int Walk(double taken) => (int)Math.Max(0, Math.Ceiling(taken + 1 - options.DepthLots - 1e-9));

    private double Price(OrderSide side, double mid, int walk)
    {
        double offset = (options.HalfSpreadTicks + walk) * options.TickSize;
        return side == OrderSide.Buy ? mid + offset : mid - offset;
    }

    private sealed class Side
    {
        public double Taken;
        public double LastTime = double.NegativeInfinity;
    }
}
