namespace Fpx.Scenarios.Trading;

/// <summary>
/// The latency budget of a trading decision, from recent volatility: the wall time in which the
/// price is expected to travel <see cref="TravelTicks"/> ticks at the speed it moved over the last
/// <see cref="WindowSeconds"/>. An order fills at the price of the moment it arrives, so what latency
/// costs is the distance the price covers meanwhile: when the market is fast a slow answer is stale,
/// when it is calm the same answer is still good. Tight when the price moves fast, loose when calm,
/// so the adaptive policy has something to adapt to; clamped to [<see cref="MinUs"/>, <see cref="MaxUs"/>].
/// </summary>
public sealed record TradingBudget
{
    /// <summary>
    /// Ticks of price travel a decision may take (default 1: twice the half-spread, half the hindsight
    /// label's 2-tick threshold, so an answer that arrives within budget keeps at least half its edge).
    /// </summary>
    public double TravelTicks { get; init => field = Positive(value, nameof(TravelTicks)); } = 1;

    /// <summary>Market seconds of history the speed is measured over (default 10, the label horizon).</summary>
    public double WindowSeconds { get; init => field = Positive(value, nameof(WindowSeconds)); } = 10;

    /// <summary>Smallest budget, µs (a frantic market still gets an answer).</summary>
    public long MinUs { get; init => field = (long)Positive(value, nameof(MinUs)); } = 100;

    /// <summary>Largest budget, µs (a market with no trades still expects one).</summary>
    public long MaxUs { get; init => field = (long)Positive(value, nameof(MaxUs)); } = 5000;

    /// <summary>The budget of a decision at <paramref name="view"/>'s time, µs.</summary>
    public long Of(TradingView view, TradingOptions options)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(options);
        double ticksPerSecond = view.Day.PathTravel(view.Time - WindowSeconds, view.Time) / options.TickSize / WindowSeconds;
        if (!(ticksPerSecond > 0))
        {
            return MaxUs;
        }
        double us = options.Scale.ToLatencyUs(TravelTicks / ticksPerSecond);
        return (long)Math.Clamp(us, MinUs, Math.Max(MinUs, MaxUs));
    }

    private static double Positive(double value, string name) =>
        value > 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, "must be positive and finite");
}
