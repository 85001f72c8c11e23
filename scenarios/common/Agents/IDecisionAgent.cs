namespace Fpx.Scenarios;

/// <summary>
/// The only thing a scenario asks of a decider: given an observation (token ids, see
/// <see cref="TokenVocabulary"/>) and a latency budget, choose one of the task's actions.
/// Fpx.Client's <c>IDecider</c> adapts to this in a few lines (task name fixed per scenario, action
/// token mapped to an index with <see cref="TokenVocabulary.ActionIndexOf"/>).
/// </summary>
public interface IDecisionAgent
{
    /// <summary>Decides on one observation.</summary>
    /// <param name="observation">Token ids, <see cref="TokenVocabulary.ObservationLength"/> of them.</param>
    /// <param name="budgetUs">The latency budget the caller states, in microseconds.</param>
    /// <param name="cancellationToken">Cancels the decision.</param>
    /// <returns>The action index, the latency the agent reports and the variant that decided.</returns>
    ValueTask<AgentDecision> DecideAsync(ReadOnlyMemory<int> observation, long budgetUs, CancellationToken cancellationToken);
}
