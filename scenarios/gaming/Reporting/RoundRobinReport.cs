namespace Fpx.Scenarios.Gaming;

/// <summary>A round robin's ranking and matches.</summary>
/// <param name="Rows">One row per entrant, strongest first; metric <c>bt_elo</c>, with <c>win_rate</c> in the extras.</param>
/// <param name="Matches">Every match played.</param>
/// <param name="Strengths">Bradley-Terry strengths in entrant order (geometric mean 1).</param>
public sealed record RoundRobinReport(IReadOnlyList<ScenarioResult> Rows, IReadOnlyList<MatchResult> Matches, IReadOnlyList<double> Strengths);
