namespace Fpx.Scenarios.Gaming;

/// <summary>
/// The scripted expert: samples <see cref="ExpertPolicy"/> with seeded randomness, reacts
/// <paramref name="reactionDelayFrames"/> late (charged as latency, so it flows through the same
/// frame conversion as a model's), and with probability <paramref name="mistakeRate"/> plays a
/// uniformly random action instead.
/// </summary>
/// <param name="name">Name in reports.</param>
/// <param name="reactionDelayFrames">Frames between seeing a state and acting on it, beyond the one frame every input takes.</param>
/// <param name="mistakeRate">Probability of a random action.</param>
public sealed class ScriptedFighter(string name, double reactionDelayFrames = 0, double mistakeRate = 0) : IFighter
{
    /// <inheritdoc />
    public string Name { get; } = name;

    /// <summary>Reaction delay, frames.</summary>
    public double ReactionDelayFrames { get; } = reactionDelayFrames >= 0 ? reactionDelayFrames : throw new ArgumentOutOfRangeException(nameof(reactionDelayFrames));

    /// <summary>Probability of a random action.</summary>
    public double MistakeRate { get; } = mistakeRate is >= 0 and <= 1 ? mistakeRate : throw new ArgumentOutOfRangeException(nameof(mistakeRate));

    /// <inheritdoc />
    public ValueTask<AgentDecision> DecideAsync(FighterView view, DecisionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        ulong key = CounterRandom.Mix(context.Seed, (ulong)context.Participant, (ulong)context.Sequence, 0x6578);
        int action;
        if (CounterRandom.Uniform(key ^ 1) < MistakeRate)
        {
            action = (int)(CounterRandom.Finalize(key ^ 2) % ExpertPolicy.Actions);
        }
        else
        {
            Span<double> p = stackalloc double[ExpertPolicy.Actions];
            ExpertPolicy.Distribution(view.State, view.Me, p);
            action = Sample(p, CounterRandom.Uniform(key ^ 3));
        }
        double latency = view.State.Options.FramesToLatencyUs(ReactionDelayFrames);
        return new(new AgentDecision(action, latency, "scripted"));
    }

    internal static int Sample(ReadOnlySpan<double> p, double u)
    {
        double cumulative = 0;
        for (int i = 0; i < p.Length; i++)
        {
            cumulative += p[i];
            if (u < cumulative)
            {
                return i;
            }
        }
        return p.Length - 1;
    }
}
