namespace Fpx.Scenarios.Gaming;

/// <summary>
/// What a fighter can be told to do; the value is the action index of the gaming task. Stances
/// (idle, forward, back, block) last until the next action; moves (dodge, jab, heavy) run their frame
/// data to the end and cannot be cancelled.
/// </summary>
public enum FighterAction
{
    /// <summary>Stand still.</summary>
    Idle = 0,

    /// <summary>Walk toward the opponent.</summary>
    Forward = 1,

    /// <summary>Walk away from the opponent.</summary>
    Back = 2,

    /// <summary>Guard: attacks that connect while blocking cause blockstun and no damage.</summary>
    Block = 3,

    /// <summary>Backdash with invulnerable frames, then a punishable recovery.</summary>
    Dodge = 4,

    /// <summary>Fast, short, weak attack.</summary>
    Jab = 5,

    /// <summary>Slow, long, strong attack with a long recovery.</summary>
    Heavy = 6,
}
