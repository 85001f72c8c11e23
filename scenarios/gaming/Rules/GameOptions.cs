namespace Fpx.Scenarios.Gaming;

/// <summary>Rules of a match. Every setter checks its range.</summary>
public sealed record GameOptions
{
    /// <summary>Game frames per second of game time.</summary>
    public const double FramesPerSecond = 60;

    /// <summary>
    /// Frames of game time per wall millisecond of decision latency. Default 4 (the game runs 66.7x
    /// faster than real time): the bundled models decide in ~0.1-2 ms, i.e. 0.4-8 frames, which spans
    /// the windows that matter: a jab's 4-frame startup (block it only with under 1 ms of latency), a
    /// blocked heavy's 10-frame punish window, a whiffed heavy's 20-frame recovery. At real-time speed
    /// (0.06 frames per ms) every variant would react within the same frame and precision could not matter.
    /// </summary>
    public double FramesPerMillisecond { get; init => field = value > 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(FramesPerMillisecond)); } = 4;

    /// <summary>
    /// Frames between a fighter's decisions when its latency is shorter (it decides again on the later of
    /// this and its previous decision's arrival). Default 4 (1 ms of wall time at the default speed, a 1 kHz
    /// bot): a slower decider then loses by reacting later, not merely by deciding less often, so win rates
    /// fall off gradually with latency instead of collapsing at the first frame of delay (without an
    /// interval, an expert deciding every frame beat itself deciding every second frame in 99 of 100 matches).
    /// </summary>
    public int DecisionIntervalFrames { get; init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(DecisionIntervalFrames)); } = 4;

    /// <summary>
    /// Each interval is drawn uniformly from DecisionIntervalFrames ± this (seeded). Without it two
    /// fighters phase-lock: the one with less latency acts first in every cycle and wins every trade.
    /// </summary>
    public int DecisionIntervalJitterFrames { get; init => field = value >= 0 && value < DecisionIntervalFrames ? value : throw new ArgumentOutOfRangeException(nameof(DecisionIntervalJitterFrames)); } = 1;

    /// <summary>Round length, frames (30 s).</summary>
    public int RoundFrames { get; init => field = value >= 60 ? value : throw new ArgumentOutOfRangeException(nameof(RoundFrames)); } = 1800;

    /// <summary>Rounds in a match (best of N; odd).</summary>
    public int BestOf { get; init => field = value >= 1 && value % 2 == 1 ? value : throw new ArgumentOutOfRangeException(nameof(BestOf), value, "must be odd and positive"); } = 3;

    /// <summary>Starting health.</summary>
    public int Health { get; init => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(Health)); } = 100;

    /// <summary>Stage length; fighters stay within [0, StageWidth].</summary>
    public double StageWidth { get; init => field = value >= 4 ? value : throw new ArgumentOutOfRangeException(nameof(StageWidth)); } = 10;

    /// <summary>Distance between the fighters at the start of a round.</summary>
    public double StartDistance { get; init => field = value > MinDistance && value < StageWidth ? value : throw new ArgumentOutOfRangeException(nameof(StartDistance)); } = 3;

    /// <summary>Bodies cannot come closer than this.</summary>
    public double MinDistance { get; init => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(MinDistance)); } = 0.6;

    /// <summary>Walking speed toward the opponent, per frame.</summary>
    public double ForwardSpeed { get; init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(ForwardSpeed)); } = 0.05;

    /// <summary>Walking speed away from the opponent, per frame.</summary>
    public double BackSpeed { get; init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(BackSpeed)); } = 0.035;

    /// <summary>Latency budget passed to deciders, µs.</summary>
    public long BudgetUs { get; init => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(BudgetUs)); } = 2000;

    /// <summary>Seed of a match series.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>The game speed as a <see cref="TimeScale"/>.</summary>
    public TimeScale Scale => TimeScale.FromFramesPerMillisecond(FramesPerMillisecond, FramesPerSecond);

    /// <summary>Frames a latency spans (fractional).</summary>
    public double LatencyToFrames(double latencyUs) => Scale.ToFrames(latencyUs, FramesPerSecond);

    /// <summary>The latency that spans <paramref name="frames"/> frames, µs.</summary>
    public double FramesToLatencyUs(double frames) => Scale.ToLatencyUs(frames / FramesPerSecond);
}
