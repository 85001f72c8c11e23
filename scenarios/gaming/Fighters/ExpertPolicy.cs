namespace Fpx.Scenarios.Gaming;

/// <summary>
/// The scripted expert's action distribution for a state, read from the full state (frame data,
/// exact distance). Priorities: punish an opponent committed long enough for an attack to land;
/// guard (or dodge, or interrupt a slow heavy) against an attack coming in range; otherwise space:
/// approach from far, poke with heavies at mid range, jab and guard up close. Probabilities keep it
/// mixed so it cannot be read exactly; <see cref="ScriptedFighter"/> samples from it.
/// </summary>
public static class ExpertPolicy
{
    /// <summary>Number of actions.</summary>
    public const int Actions = 7;

    /// <summary>Fills <paramref name="p"/> (length <see cref="Actions"/>) with the distribution for fighter <paramref name="me"/>.</summary>
    public static void Distribution(GameState state, int me, Span<double> p)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (p.Length != Actions)
        {
            throw new ArgumentException($"needs {Actions} entries", nameof(p));
        }
        p.Clear();
        var own = state[me];
        var opp = state[1 - me];
        double d = state.Distance;
        double ownCorner = me == 0 ? own.X : state.Options.StageWidth - own.X;
        if (!Punish(own, opp, d, p) && !Defend(own, opp, d, p))
        {
            Neutral(state, own, opp, d, p);
        }
        if (ownCorner < 0.5 && p[(int)FighterAction.Back] > 0)
        {
            // Backing into the wall gains nothing: walk forward instead.
            p[(int)FighterAction.Forward] += p[(int)FighterAction.Back];
            p[(int)FighterAction.Back] = 0;
        }
        Normalize(p);
    }

    /// <summary>The most likely action (ties go to the lower index).</summary>
    public static FighterAction Mode(GameState state, int me)
    {
        Span<double> p = stackalloc double[Actions];
        Distribution(state, me, p);
        int best = 0;
        for (int i = 1; i < Actions; i++)
        {
            if (p[i] > p[best])
            {
                best = i;
            }
        }
        return (FighterAction)best;
    }

    private static bool Punish(FighterState own, FighterState opp, double d, Span<double> p)
    {
        bool committed = opp.Phase == MovePhase.Recovery || opp.Status == FighterStatus.Hitstun;
        if (!committed)
        {
            return false;
        }
        // Frames the opponent stays helpless after this fighter can act.
        int window = opp.FramesUntilActionable - own.FramesUntilActionable;
        if (d <= MoveData.Heavy.Range && window > MoveData.Heavy.Startup + 1)
        {
            Set(p, (FighterAction.Heavy, 0.8), (FighterAction.Jab, 0.2));
        }
        else if (d <= MoveData.Jab.Range && window > MoveData.Jab.Startup)
        {
            Set(p, (FighterAction.Jab, 0.85), (FighterAction.Block, 0.15));
        }
        else if (window > 20 && d <= MoveData.Heavy.Range + 0.6)
        {
            Set(p, (FighterAction.Forward, 0.8), (FighterAction.Idle, 0.2));
        }
        else
        {
            return false;
        }
        return true;
    }

    private static bool Defend(FighterState own, FighterState opp, double d, Span<double> p)
    {
        bool incoming = opp.Status == FighterStatus.Attack && opp.Phase is MovePhase.Startup or MovePhase.Active && !opp.Connected;
        if (!incoming || d > opp.Move!.Range + 0.15)
        {
            return false;
        }
        if (opp.Move == MoveData.Heavy)
        {
            bool interrupt = opp.Phase == MovePhase.Startup && opp.FramesLeftInPhase > MoveData.Jab.Startup + 1 + own.FramesUntilActionable && d <= MoveData.Jab.Range;
            if (interrupt)
            {
                Set(p, (FighterAction.Jab, 0.45), (FighterAction.Block, 0.45), (FighterAction.Dodge, 0.1));
            }
            else
            {
                Set(p, (FighterAction.Block, 0.6), (FighterAction.Dodge, 0.15), (FighterAction.Back, 0.1), (FighterAction.Idle, 0.15));
            }
        }
        else
        {
            Set(p, (FighterAction.Block, 0.6), (FighterAction.Back, 0.1), (FighterAction.Jab, 0.15), (FighterAction.Idle, 0.15));
        }
        return true;
    }

    private static void Neutral(GameState state, FighterState own, FighterState opp, double d, Span<double> p)
    {
        if (opp.Invulnerable)
        {
            Set(p, (FighterAction.Idle, 0.5), (FighterAction.Block, 0.5));
            return;
        }
        if (d > MoveData.Heavy.Range + 0.3)
        {
            Set(p, (FighterAction.Forward, 0.75), (FighterAction.Idle, 0.1), (FighterAction.Back, 0.1), (FighterAction.Block, 0.05));
        }
        else if (d > MoveData.Heavy.Range)
        {
            Set(p, (FighterAction.Forward, 0.45), (FighterAction.Idle, 0.2), (FighterAction.Block, 0.2), (FighterAction.Back, 0.15));
        }
        else if (d > MoveData.Jab.Range)
        {
            Set(p, (FighterAction.Heavy, 0.2), (FighterAction.Forward, 0.25), (FighterAction.Block, 0.2), (FighterAction.Back, 0.15), (FighterAction.Idle, 0.2));
        }
        else
        {
            Set(p, (FighterAction.Jab, 0.3), (FighterAction.Heavy, 0.1), (FighterAction.Block, 0.25), (FighterAction.Back, 0.15),
                (FighterAction.Dodge, 0.05), (FighterAction.Idle, 0.05), (FighterAction.Forward, 0.1));
        }
        // Ahead late in the round: run the clock out behind a guard.
        if (state.FramesLeft < state.Options.RoundFrames / 5 && own.Health > opp.Health)
        {
            p[(int)FighterAction.Block] += 0.3;
            p[(int)FighterAction.Back] += 0.2;
        }
    }

    private static void Set(Span<double> p, params ReadOnlySpan<(FighterAction Action, double Weight)> weights)
    {
        foreach (var (action, weight) in weights)
        {
            p[(int)action] += weight;
        }
    }

    private static void Normalize(Span<double> p)
    {
        double sum = 0;
        foreach (double v in p)
        {
            sum += v;
        }
        for (int i = 0; i < p.Length; i++)
        {
            p[i] /= sum;
        }
    }
}
