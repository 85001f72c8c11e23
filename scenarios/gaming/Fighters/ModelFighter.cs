namespace Fpx.Scenarios.Gaming;

/// <summary>A fighter that sees only the observation tokens and asks an <see cref="IDecisionAgent"/> (a model, local or remote).</summary>
/// <param name="name">Name in reports.</param>
/// <param name="agent">The decider.</param>
/// <param name="clock">Which latency to charge: <see cref="DecisionClock.Virtual"/> or <see cref="DecisionClock.Wall"/>.</param>
/// <param name="extraDelayFrames">Frames added to every decision's latency (network distance, a handicap).</param>
/// <param name="budgetUs">Budget sent with each request; null for <see cref="GameOptions.BudgetUs"/>.</param>
/// <param name="budget">A budget per decision from the state (e.g. <see cref="GamingBudget.Of"/>); overrides <paramref name="budgetUs"/>.</param>
public sealed class ModelFighter(string name, IDecisionAgent agent, DecisionClock clock, double extraDelayFrames = 0, long? budgetUs = null, Func<FighterView, long>? budget = null) : IFighter
{
    /// <inheritdoc />
    public string Name { get; } = name;

    /// <inheritdoc />
    public async ValueTask<AgentDecision> DecideAsync(FighterView view, DecisionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        var options = view.State.Options;
        var decision = await clock.DecideAsync(agent, view.Observation, budget?.Invoke(view) ?? budgetUs ?? options.BudgetUs, context, cancellationToken).ConfigureAwait(false);
        if ((uint)decision.Action >= ExpertPolicy.Actions)
        {
            throw new InvalidOperationException($"{Name}: action {decision.Action} is not a fighter action (0-{ExpertPolicy.Actions - 1})");
        }
        return decision with { LatencyUs = decision.LatencyUs + options.FramesToLatencyUs(extraDelayFrames) };
    }
}
