namespace Fpx.Scenarios;

/// <summary>One decision: which action, how long it took and which model variant made it.</summary>
/// <param name="Action">Index into the task's action list (<see cref="TokenVocabulary.ActionNames"/>), not a token id.</param>
/// <param name="LatencyUs">
/// Latency the agent reports, in microseconds (for a remote decider: what the server measured). The
/// scenario charges whatever its <see cref="DecisionClock"/> says instead, which may be this value,
/// a latency model's or the wall clock's.
/// </param>
/// <param name="Variant">The variant label (<c>fp16</c>, <c>fpx-g0.30</c>, <c>scripted</c>, ...).</param>
public readonly record struct AgentDecision(int Action, double LatencyUs, string Variant);
