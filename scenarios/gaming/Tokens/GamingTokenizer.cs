namespace Fpx.Scenarios.Gaming;

/// <summary>Turns the game state into the observation tokens of one fighter (<see cref="GamingVocabulary"/>).</summary>
public static class GamingTokenizer
{
    /// <summary>The observation of <paramref name="state"/> as fighter <paramref name="me"/> sees it.</summary>
    public static int[] Observe(GameState state, int me)
    {
        ArgumentNullException.ThrowIfNull(state);
        var options = state.Options;
        var own = state[me];
        var opp = state[1 - me];
        double width = options.StageWidth;
        // Positions from the decider's own corner: fighter 0's is x = 0, fighter 1's is x = width.
        double ownPos = me == 0 ? own.X : width - own.X;
        double oppPos = me == 0 ? opp.X : width - opp.X;
        Span<int> buckets =
        [
            Fraction(ownPos / width, GamingVocabulary.PositionBuckets),
            Fraction(oppPos / width, GamingVocabulary.PositionBuckets),
            Buckets.Of(state.Distance, GamingVocabulary.DistanceEdges),
            StatusBucket(own),
            Buckets.Of(own.FramesLeftInPhase, GamingVocabulary.FrameEdges),
            StatusBucket(opp),
            Buckets.Of(opp.FramesLeftInPhase, GamingVocabulary.FrameEdges),
            Fraction((double)own.Health / options.Health, GamingVocabulary.HealthBuckets),
            Fraction((double)opp.Health / options.Health, GamingVocabulary.HealthBuckets),
            Fraction((double)state.FramesLeft / options.RoundFrames, GamingVocabulary.TimerBuckets),
        ];
        return GamingVocabulary.Instance.Encode(buckets);
    }

    /// <summary>Index into <see cref="GamingVocabulary.StatusLabels"/>.</summary>
    public static int StatusBucket(FighterState f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return f.Status switch
        {
            FighterStatus.Idle => 0,
            FighterStatus.WalkForward => 1,
            FighterStatus.WalkBack => 2,
            FighterStatus.Block => 3,
            FighterStatus.Dodge => f.Invulnerable ? 4 : f.Phase == MovePhase.Active ? 5 : 6,
            FighterStatus.Attack => (f.Move == MoveData.Jab ? 7 : 10) + f.Phase switch { MovePhase.Startup => 0, MovePhase.Active => 1, _ => 2 },
            FighterStatus.Hitstun => 13,
            _ => 14,
        };
    }

    /// <summary>Bucket of a fraction in [0, 1] among <paramref name="count"/> equal buckets (1 falls in the last).</summary>
    private static int Fraction(double value, int count) => Math.Clamp((int)Math.Floor(value * count), 0, count - 1);
}
