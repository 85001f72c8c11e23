namespace Fpx.Scenarios.Gaming;

/// <summary>
/// The gaming task's tokens: the single definition Python and C# share (exported as tokens.json).
/// Everything is seen from the deciding fighter ("own" vs "opp"), with positions measured from the
/// decider's own corner, so both sides of the stage look alike. Actions are <see cref="FighterAction"/>.
/// </summary>
public static class GamingVocabulary
{
    /// <summary>The task name requests carry.</summary>
    public const string Task = "gaming";

    /// <summary>Status-and-phase labels, in bucket order (see <see cref="GamingTokenizer.StatusBucket"/>).</summary>
    public static readonly string[] StatusLabels =
    [
        "idle", "walk_fwd", "walk_back", "block",
        "dodge_invuln", "dodge_move", "dodge_recovery",
        "jab_startup", "jab_active", "jab_recovery",
        "heavy_startup", "heavy_active", "heavy_recovery",
        "hitstun", "blockstun",
    ];

    /// <summary>
    /// Distance edges: the jab and heavy ranges sit exactly at edges (nudged up so a distance equal to
    /// the range, which connects, falls in the in-range bucket).
    /// </summary>
    public static readonly double[] DistanceEdges = [0.8, MoveData.Jab.Range + 1e-6, 1.45, MoveData.Heavy.Range + 1e-6, 2.2, 3.0, 4.5];

    /// <summary>Edges of frames left in the current phase (what decides whether a reaction is in time).</summary>
    public static readonly double[] FrameEdges = [2, 4, 7, 11, 16];

    /// <summary>Position buckets across the stage (from the decider's own corner).</summary>
    public const int PositionBuckets = 8;

    /// <summary>Health buckets (tenths of starting health).</summary>
    public const int HealthBuckets = 10;

    /// <summary>Round-timer buckets (sixths of the round).</summary>
    public const int TimerBuckets = 6;

    /// <summary>The vocabulary (built once).</summary>
    public static TokenVocabulary Instance { get; } = new TokenVocabularyBuilder(Task, version: 1)
        .Field("own_pos", PositionBuckets)
        .Field("opp_pos", PositionBuckets)
        .Field("distance", Buckets.Labels(DistanceEdges))
        .Field("own_state", StatusLabels)
        .Field("own_frames", Buckets.Labels(FrameEdges))
        .Field("opp_state", StatusLabels)
        .Field("opp_frames", Buckets.Labels(FrameEdges))
        .Field("own_health", HealthBuckets)
        .Field("opp_health", HealthBuckets)
        .Field("timer", TimerBuckets)
        .Actions(Enum.GetNames<FighterAction>().Select(n => n.ToLowerInvariant()).ToArray())
        .Build();
}
