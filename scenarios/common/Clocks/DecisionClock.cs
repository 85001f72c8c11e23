namespace Fpx.Scenarios;

/// <summary>
/// Decides how much latency a decision is charged. The simulation never runs in real time: it waits
/// for each decision and then advances its own time by the charged latency (converted with a
/// <see cref="TimeScale"/>), so the same simulation code serves both clocks and a slow or loaded
/// machine changes only the latencies, never the rules.
/// </summary>
public abstract class DecisionClock
{
    /// <summary>Asks <paramref name="agent"/> and returns its decision with the latency to charge.</summary>
    /// <param name="agent">The decider.</param>
    /// <param name="observation">Token ids.</param>
    /// <param name="budgetUs">Budget passed on to the agent.</param>
    /// <param name="context">Which decision this is (for deterministic jitter).</param>
    /// <param name="cancellationToken">Cancels the decision.</param>
    public abstract ValueTask<AgentDecision> DecideAsync(
        IDecisionAgent agent, ReadOnlyMemory<int> observation, long budgetUs, DecisionContext context, CancellationToken cancellationToken);

    /// <summary>
    /// The virtual clock: latency is the agent's reported latency, or <paramref name="model"/>'s when
    /// given. Deterministic for a seed; what tests and offline studies use.
    /// </summary>
    public static DecisionClock Virtual(LatencyModel? model = null) => new VirtualDecisionClock(model);

    /// <summary>The wall clock: latency is the elapsed time of the call, as measured by <paramref name="time"/>.</summary>
    public static DecisionClock Wall(TimeProvider? time = null) => new WallDecisionClock(time ?? TimeProvider.System);
}
