namespace Fpx.Scenarios.Trading;

/// <summary>
/// Buys or sells with probability <paramref name="tradeProbability"/>/2 each, otherwise holds: the
/// baseline any policy must beat. Random draws are keyed on the decision context, so solo and arena
/// runs of the same seed make the same draws.
/// </summary>
/// <param name="name">Name in reports.</param>
/// <param name="tradeProbability">Probability of trading at a decision point.</param>
/// <param name="latencyUs">Latency charged per decision, µs.</param>
public sealed class RandomTrader(string name, double tradeProbability, double latencyUs) : ITrader
{
    /// <inheritdoc />
    public string Name { get; } = name;

    /// <inheritdoc />
    public ValueTask<AgentDecision> DecideAsync(TradingView view, DecisionContext context, CancellationToken cancellationToken)
    {
        double u = CounterRandom.Uniform(CounterRandom.Mix(context.Seed, CounterRandom.Hash(Name), (ulong)context.Sequence, 0x7261));
        int action = u < tradeProbability / 2 ? TradingVocabulary.Buy : u < tradeProbability ? TradingVocabulary.Sell : TradingVocabulary.Hold;
        return new(new AgentDecision(action, latencyUs, "random"));
    }
}
