namespace Fpx.Scenarios;

/// <summary>
/// An in-process agent from a function of the observation: baselines, tests, and a quick way to put
/// a lookup table or a cloned policy behind the same boundary as a remote model.
/// </summary>
public sealed class FuncDecisionAgent : IDecisionAgent
{
    private readonly Func<ReadOnlyMemory<int>, int> _decide;
    private readonly double _latencyUs;
    private readonly string _variant;

    /// <summary>Creates the agent.</summary>
    /// <param name="decide">Observation to action index.</param>
    /// <param name="variant">Label reported with every decision.</param>
    /// <param name="latencyUs">Latency reported with every decision (a virtual clock without a latency model charges this).</param>
    public FuncDecisionAgent(Func<ReadOnlyMemory<int>, int> decide, string variant, double latencyUs = 0)
    {
        ArgumentNullException.ThrowIfNull(decide);
        ArgumentOutOfRangeException.ThrowIfNegative(latencyUs);
        _decide = decide;
        _variant = variant;
        _latencyUs = latencyUs;
    }

    /// <inheritdoc />
    public ValueTask<AgentDecision> DecideAsync(ReadOnlyMemory<int> observation, long budgetUs, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<AgentDecision>(new AgentDecision(_decide(observation), _latencyUs, _variant));
    }
}
