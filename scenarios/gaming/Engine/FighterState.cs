namespace Fpx.Scenarios.Gaming;

/// <summary>One fighter's state at the start of a frame.</summary>
public sealed class FighterState
{
    /// <summary>Position on the stage.</summary>
    public double X { get; internal set; }

    /// <summary>Remaining health.</summary>
    public int Health { get; internal set; }

    /// <summary>What the fighter is doing.</summary>
    public FighterStatus Status { get; internal set; }

    /// <summary>The running move (attack or dodge), else null.</summary>
    public MoveData? Move { get; internal set; }

    /// <summary>Frames since the move started (0 on its first frame).</summary>
    public int Elapsed { get; internal set; }

    /// <summary>Remaining hitstun or blockstun frames.</summary>
    public int Stun { get; internal set; }

    /// <summary>The running attack has already hit or been blocked (an attack connects once).</summary>
    public bool Connected { get; internal set; }

    /// <summary>An action that arrived while the fighter could not act; it starts at the first actionable frame.</summary>
    public FighterAction? Buffered { get; internal set; }

    /// <summary>True when an action can start now (a stance, not a move or stun).</summary>
    public bool Actionable => Status is FighterStatus.Idle or FighterStatus.WalkForward or FighterStatus.WalkBack or FighterStatus.Block;

    /// <summary>True when an attack that connects now is blocked.</summary>
    public bool Guarding => Status is FighterStatus.Block or FighterStatus.Blockstun;

    /// <summary>True in a dodge's invulnerable frames.</summary>
    public bool Invulnerable => Status == FighterStatus.Dodge && Elapsed < MoveData.DodgeInvulnerableFrames;

    /// <summary>The phase of the current status.</summary>
    public MovePhase Phase => Move is { } m
        ? Elapsed < m.Startup ? MovePhase.Startup : Elapsed < m.Startup + m.Active ? MovePhase.Active : MovePhase.Recovery
        : Status is FighterStatus.Hitstun or FighterStatus.Blockstun ? MovePhase.Stun : MovePhase.None;

    /// <summary>Frames left in the current phase (0 for stances).</summary>
    public int FramesLeftInPhase => Phase switch
    {
        MovePhase.Startup => Move!.Startup - Elapsed,
        MovePhase.Active => Move!.Startup + Move.Active - Elapsed,
        MovePhase.Recovery => Move!.Total - Elapsed,
        MovePhase.Stun => Stun,
        _ => 0,
    };

    /// <summary>Frames until the fighter can act (0 when actionable).</summary>
    public int FramesUntilActionable => Move is { } m ? m.Total - Elapsed : Stun;

    /// <summary>True while an attack can still connect this frame.</summary>
    public bool Threatening => Status == FighterStatus.Attack && Phase == MovePhase.Active && !Connected;

    /// <summary>A copy (views handed to deciders must not change under them).</summary>
    public FighterState Clone() => (FighterState)MemberwiseClone();

    internal void Reset(double x, int health)
    {
        X = x;
        Health = health;
        Status = FighterStatus.Idle;
        Move = null;
        Elapsed = 0;
        Stun = 0;
        Connected = false;
        Buffered = null;
    }
}
