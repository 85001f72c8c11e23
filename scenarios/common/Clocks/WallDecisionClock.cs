namespace Fpx.Scenarios;

/// <summary>
/// Charges the measured round trip, including everything a real bot would wait for (client, network,
/// queue, compute), not the latency the server reports.
/// </summary>
internal sealed class WallDecisionClock(TimeProvider time) : DecisionClock
{
    public override async ValueTask<AgentDecision> DecideAsync(
        IDecisionAgent agent, ReadOnlyMemory<int> observation, long budgetUs, DecisionContext context, CancellationToken cancellationToken)
    {
        long start = time.GetTimestamp();
        var decision = await agent.DecideAsync(observation, budgetUs, cancellationToken).ConfigureAwait(false);
        double elapsedUs = time.GetElapsedTime(start).Ticks / (double)TimeSpan.TicksPerMicrosecond;
        return decision with { LatencyUs = Math.Max(0, elapsedUs) };
    }
}
