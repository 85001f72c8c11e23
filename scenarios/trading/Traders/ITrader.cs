namespace Fpx.Scenarios.Trading;

/// <summary>A participant in a replay. Must be reusable across runs: solo and arena runs share instances.</summary>
public interface ITrader
{
    /// <summary>Name in reports.</summary>
    string Name { get; }

    /// <summary>Decides at a decision point; the returned latency is what the replay charges.</summary>
    ValueTask<AgentDecision> DecideAsync(TradingView view, DecisionContext context, CancellationToken cancellationToken);
}
