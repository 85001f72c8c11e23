namespace Fpx.Scenarios.Statistics;

/// <summary>A two-sided interval around an estimate.</summary>
/// <param name="Estimate">The point estimate.</param>
/// <param name="Low">Lower bound.</param>
/// <param name="High">Upper bound.</param>
public readonly record struct ConfidenceInterval(double Estimate, double Low, double High);
