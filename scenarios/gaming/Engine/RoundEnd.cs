namespace Fpx.Scenarios.Gaming;

/// <summary>How a round ended.</summary>
/// <param name="Winner">0 or 1, or -1 for a draw (double knock-out or equal health at time-out).</param>
/// <param name="KnockOut">True when a fighter's health reached 0; false at time-out.</param>
/// <param name="Frames">Frames the round lasted.</param>
public readonly record struct RoundEnd(int Winner, bool KnockOut, int Frames);
