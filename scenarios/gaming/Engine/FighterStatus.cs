namespace Fpx.Scenarios.Gaming;

/// <summary>What a fighter is doing.</summary>
public enum FighterStatus
{
    /// <summary>Standing, actionable.</summary>
    Idle,

    /// <summary>Walking toward the opponent, actionable.</summary>
    WalkForward,

    /// <summary>Walking away, actionable.</summary>
    WalkBack,

    /// <summary>Guarding, actionable.</summary>
    Block,

    /// <summary>In a jab or heavy (see <see cref="FighterState.Move"/>).</summary>
    Attack,

    /// <summary>In a dodge.</summary>
    Dodge,

    /// <summary>Hit: cannot act for <see cref="FighterState.Stun"/> more frames.</summary>
    Hitstun,

    /// <summary>Blocked an attack: cannot act, still guarding, for <see cref="FighterState.Stun"/> more frames.</summary>
    Blockstun,
}
