namespace Fpx.Scenarios.Gaming;

/// <summary>
/// Frame data of a committed move, at 60 frames per second. A move started at frame s has startup
/// frames s .. s+Startup-1, active frames from s+Startup for Active frames (an attack connects on the
/// first active frame its target is in range and not invulnerable), then Recovery frames, after which
/// the fighter is actionable again.
/// </summary>
/// <param name="Name">Move name.</param>
/// <param name="Startup">Frames before the first active frame.</param>
/// <param name="Active">Frames the attack can connect (dodge: invulnerable frames).</param>
/// <param name="Recovery">Frames after the active ones before the fighter can act.</param>
/// <param name="Range">Reach from body to body (distance at or below which it connects).</param>
/// <param name="Damage">Health taken on hit.</param>
/// <param name="Hitstun">Frames the target cannot act after being hit.</param>
/// <param name="Blockstun">Frames the target cannot act after blocking.</param>
/// <param name="Pushback">Distance the target is pushed on hit or block.</param>
/// <param name="Speed">Backward movement per frame while the move is in startup or active frames (dodge only).</param>
public sealed record MoveData(string Name, int Startup, int Active, int Recovery, double Range, int Damage, int Hitstun, int Blockstun, double Pushback, double Speed)
{
    /// <summary>Frames from start to actionable.</summary>
    public int Total => Startup + Active + Recovery;

    /// <summary>
    /// Jab: +3 on hit, +1 on block; its 4-frame startup is what a defender has to react to, so a
    /// decision more than 3 frames late cannot block it.
    /// </summary>
    public static MoveData Jab { get; } = new("jab", Startup: 4, Active: 2, Recovery: 8, Range: 1.2, Damage: 8, Hitstun: 12, Blockstun: 8, Pushback: 0.15, Speed: 0);

    /// <summary>
    /// Heavy: +2 on hit, -10 on block (a jab punishes it), and a 20-frame recovery that a whiff can
    /// be punished in, by a jab reacting within ~15 frames or a heavy within ~7.
    /// </summary>
    public static MoveData Heavy { get; } = new("heavy", Startup: 12, Active: 3, Recovery: 20, Range: 1.7, Damage: 20, Hitstun: 24, Blockstun: 12, Pushback: 0.1, Speed: 0);

    /// <summary>
    /// Dodge: a backdash (0.09 per frame for 10 frames), invulnerable for its first 8 frames, then 8
    /// recovery frames in which it can be punished.
    /// </summary>
    public static MoveData Dodge { get; } = new("dodge", Startup: 0, Active: 10, Recovery: 8, Range: 0, Damage: 0, Hitstun: 0, Blockstun: 0, Pushback: 0, Speed: 0.09);

    /// <summary>Frames of a dodge during which attacks pass through.</summary>
    public const int DodgeInvulnerableFrames = 8;

    /// <summary>The move an action starts, or null for stances.</summary>
    public static MoveData? Of(FighterAction action) => action switch
    {
        FighterAction.Jab => Jab,
        FighterAction.Heavy => Heavy,
        FighterAction.Dodge => Dodge,
        _ => null,
    };
}
