namespace Fpx.Scenarios.Trading;

/// <summary>Direction of an order.</summary>
public enum OrderSide
{
    /// <summary>Buy one lot at the ask.</summary>
    Buy = 1,

    /// <summary>Sell one lot at the bid.</summary>
    Sell = -1,
}
