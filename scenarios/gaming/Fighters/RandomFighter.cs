namespace Fpx.Scenarios.Gaming;

/// <summary>Uniformly random actions: the floor every policy must clear, and variety for exported datasets.</summary>
/// <param name="name">Name in reports.</param>
/// <param name="delayFrames">Reaction delay, frames.</param>
public sealed class RandomFighter(string name, double delayFrames = 0) : IFighter
{
    /// <inheritdoc />
    public string Name { get; } = name;

    /// <inheritdoc />
    public ValueTask<AgentDecision> DecideAsync(FighterView view, DecisionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        ulong key = CounterRandom.Mix(context.Seed, (ulong)context.Participant, (ulong)context.Sequence, 0x726E);
        int action = (int)(CounterRandom.Finalize(key) % ExpertPolicy.Actions);
        return new(new AgentDecision(action, view.State.Options.FramesToLatencyUs(delayFrames), "random"));
    }
}
