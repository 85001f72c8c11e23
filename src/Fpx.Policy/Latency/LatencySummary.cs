namespace Fpx.Policy.Latency;

/// <summary>What a predictor knows about one cell, for <c>stats</c>.</summary>
/// <param name="Variant">Variant name.</param>
/// <param name="MaxTokens">The longest input of the cell's length bucket.</param>
/// <param name="Batch">Batch size.</param>
/// <param name="Samples">Live samples observed (not decayed).</param>
/// <param name="MeanUs">Decayed mean service time, µs.</param>
/// <param name="P50Us">Decayed median, µs.</param>
/// <param name="P90Us">Decayed 90th percentile, µs.</param>
/// <param name="P99Us">Decayed 99th percentile, µs.</param>
public sealed record LatencySummary(
    string Variant, int MaxTokens, int Batch, long Samples, double MeanUs, double P50Us, double P90Us, double P99Us);
