namespace Fpx.Policy.Latency;

/// <summary>A predicted service time and where it came from.</summary>
/// <param name="ValueUs">The predicted time, µs.</param>
/// <param name="Source">The data it was read from.</param>
public readonly record struct LatencyPrediction(double ValueUs, LatencySource Source);
