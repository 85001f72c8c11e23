namespace Fpx.Scenarios.Gaming;

/// <summary>Where a fighter is within its current status.</summary>
public enum MovePhase
{
    /// <summary>A stance (idle, walking, blocking): no frame data running.</summary>
    None,

    /// <summary>A move's startup frames.</summary>
    Startup,

    /// <summary>A move's active frames.</summary>
    Active,

    /// <summary>A move's recovery frames.</summary>
    Recovery,

    /// <summary>Hitstun or blockstun.</summary>
    Stun,
}
