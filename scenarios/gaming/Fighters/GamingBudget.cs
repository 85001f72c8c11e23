namespace Fpx.Scenarios.Gaming;

/// <summary>
/// The latency budget of a fighter's decision, from the state it decides on: the time until the
/// decision matters. A fixed budget per bot would make an adaptive policy a static choice; this one
/// is tight when an attack is coming and loose in neutral, so the policy has something to adapt to.
/// <list type="number">
/// <item>An opponent's attack in startup and within reach: its frames until its first active frame.
/// A decision made on frame f acts on f + 1 + floor(latency in frames), so a block is up in time only
/// when the latency is under that many frames; the budget is that time less 1 µs.</item>
/// <item>An opponent's attack already active and within reach: one frame (answer as fast as possible).</item>
/// <item>An opponent who cannot act (recovery, stun, the end of a dodge): a punish window; the frames
/// until they can act, less a jab's startup (a punish must land before they can block), at least one.</item>
/// <item>Otherwise, nothing is incoming: <see cref="GameOptions.BudgetUs"/> (loose).</item>
/// </list>
/// While the decider itself cannot act, an action only buffers until its first actionable frame, so
/// the budget is never shorter than the frames until then. Frames become µs with
/// <see cref="GameOptions.FramesToLatencyUs"/>.
/// </summary>
public static class GamingBudget
{
    /// <summary>Reach added per frame of startup left: both fighters may walk toward each other meanwhile.</summary>
    private const double ClosingPerFrame = 0.1;

    /// <summary>The budget of <paramref name="view"/>'s decision, µs (at least 1).</summary>
    public static long Of(FighterView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var state = view.State;
        var options = state.Options;
        var own = state[view.Me];
        var opponent = state[1 - view.Me];
        double? frames = null;
        if (opponent.Status == FighterStatus.Attack && opponent.Move is { } move)
        {
            int left = opponent.FramesLeftInPhase;
            if (opponent.Phase == MovePhase.Startup && state.Distance <= move.Range + ClosingPerFrame * left)
            {
                frames = left;
            }
            else if (opponent.Threatening && state.Distance <= move.Range)
            {
                frames = 1;
            }
        }
        if (frames is null && !opponent.Actionable)
        {
            frames = Math.Max(1, opponent.FramesUntilActionable - MoveData.Jab.Startup);
        }
        if (frames is not { } f)
        {
            return Math.Max(options.BudgetUs, (long)Math.Floor(options.FramesToLatencyUs(own.FramesUntilActionable)) - 1);
        }
        f = Math.Max(f, own.FramesUntilActionable);
        return Math.Max(1, (long)Math.Floor(options.FramesToLatencyUs(f)) - 1);
    }
}
