namespace Fpx.Scenarios.Trading;

/// <summary>
/// The hindsight expert as a trader (an oracle: it sees the future), with a fixed latency: the upper
/// bound a cloned model aims at, and a clean probe of what latency alone costs.
/// </summary>
/// <param name="name">Name in reports.</param>
/// <param name="latencyUs">Latency charged per decision, µs.</param>
public sealed class HindsightTrader(string name, double latencyUs) : ITrader
{
    /// <inheritdoc />
    public string Name { get; } = name;

    /// <inheritdoc />
    public ValueTask<AgentDecision> DecideAsync(TradingView view, DecisionContext context, CancellationToken cancellationToken) =>
        new(new AgentDecision(view.HindsightAction, latencyUs, "hindsight"));
}
