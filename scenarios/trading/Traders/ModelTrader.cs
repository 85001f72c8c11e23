namespace Fpx.Scenarios.Trading;

/// <summary>A trader that sees only the observation tokens and asks an <see cref="IDecisionAgent"/> (a model, local or remote).</summary>
/// <param name="name">Name in reports.</param>
/// <param name="agent">The decider.</param>
/// <param name="clock">Which latency to charge: <see cref="DecisionClock.Virtual"/> or <see cref="DecisionClock.Wall"/>.</param>
/// <param name="budgetUs">Budget sent with each request; null for <see cref="TradingOptions.BudgetUs"/>.</param>
/// <param name="budget">A budget per decision from what the trader sees (e.g. <see cref="TradingBudget.Of"/>); overrides <paramref name="budgetUs"/>.</param>
public sealed class ModelTrader(string name, IDecisionAgent agent, DecisionClock clock, long? budgetUs = null, Func<TradingView, long>? budget = null) : ITrader
{
    private readonly long _budgetUs = budgetUs ?? new TradingOptions().BudgetUs;

    /// <inheritdoc />
    public string Name { get; } = name;

    /// <inheritdoc />
    public async ValueTask<AgentDecision> DecideAsync(TradingView view, DecisionContext context, CancellationToken cancellationToken)
    {
        var decision = await clock.DecideAsync(agent, view.Observation, budget?.Invoke(view) ?? _budgetUs, context, cancellationToken).ConfigureAwait(false);
        if ((uint)decision.Action > TradingVocabulary.Sell)
        {
            throw new InvalidOperationException($"{Name}: action {decision.Action} is not hold (0), buy (1) or sell (2)");
        }
        return decision;
    }
}
