namespace Fpx.Scenarios;

/// <summary>
/// Which decision this is: the participant (its index in the run) and its decision count. Latency
/// models key their jitter on it, so a virtual run is deterministic whatever order concurrent
/// decisions complete in.
/// </summary>
/// <param name="Participant">Index of the participant in the run.</param>
/// <param name="Sequence">0, 1, 2, ... for that participant's decisions.</param>
/// <param name="Seed">The run's seed.</param>
public readonly record struct DecisionContext(int Participant, long Sequence, ulong Seed);
