namespace Fpx.Scenarios.Trading;

/// <summary>One executed lot.</summary>
/// <param name="DecisionTime">When the trader decided, market seconds since midnight.</param>
/// <param name="ArrivalTime">When the order arrived (decision time plus the latency in market time) and filled.</param>
/// <param name="Side">Buy or sell.</param>
/// <param name="Price">Fill price per share.</param>
/// <param name="DecisionPrice">The mid at decision time.</param>
/// <param name="WalkTicks">Ticks past the best price, paid because earlier arrivals took the depth.</param>
public readonly record struct Fill(double DecisionTime, double ArrivalTime, OrderSide Side, double Price, double DecisionPrice, int WalkTicks)
{
    /// <summary>Cost against the decision-time mid per share (positive is worse): spread, latency drift and walk.</summary>
    public double Slippage => Side == OrderSide.Buy ? Price - DecisionPrice : DecisionPrice - Price;
}
