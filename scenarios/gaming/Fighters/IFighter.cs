namespace Fpx.Scenarios.Gaming;

/// <summary>
/// A participant in matches. The returned latency is converted to frames with
/// <see cref="GameOptions.FramesPerMillisecond"/>: the action takes effect at frame
/// f + 1 + floor(latency in frames) for a decision made on frame f's state. Must be reusable across matches.
/// </summary>
public interface IFighter
{
    /// <summary>Name in reports.</summary>
    string Name { get; }

    /// <summary>Decides on the state at the start of a frame.</summary>
    ValueTask<AgentDecision> DecideAsync(FighterView view, DecisionContext context, CancellationToken cancellationToken);
}
