namespace Fpx.Scenarios;

/// <summary>Charges the latency model's sample (or the agent's own report); ignores the wall clock.</summary>
internal sealed class VirtualDecisionClock(LatencyModel? model) : DecisionClock
{
    public override async ValueTask<AgentDecision> DecideAsync(
        IDecisionAgent agent, ReadOnlyMemory<int> observation, long budgetUs, DecisionContext context, CancellationToken cancellationToken)
    {
        var decision = await agent.DecideAsync(observation, budgetUs, cancellationToken).ConfigureAwait(false);
        double latency = model is null ? decision.LatencyUs : model.SampleUs(decision.Variant, context);
        return decision with { LatencyUs = Math.Max(0, latency) };
    }
}
