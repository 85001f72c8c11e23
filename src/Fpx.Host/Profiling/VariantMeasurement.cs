namespace Fpx.Host.Profiling;

/// <summary>What <c>fpx profile</c> measured for one variant on a task's calibration set.</summary>
/// <param name="Variant">Variant name.</param>
/// <param name="BitsPerWeight">Its average bits per linear-layer weight.</param>
/// <param name="Agreement">Share of examples where its action equals fp16's.</param>
/// <param name="Accuracy">Share of labelled examples where its action equals the label; null without labels.</param>
/// <param name="MeanUs">Mean compute time per decision, µs.</param>
/// <param name="P50Us">Median compute time per decision, µs.</param>
/// <param name="P90Us">90th percentile, µs.</param>
/// <param name="P99Us">99th percentile, µs.</param>
/// <param name="Decisions">Decisions measured.</param>
public sealed record VariantMeasurement(
    string Variant, double BitsPerWeight, double Agreement, double? Accuracy, double MeanUs, double P50Us, double P90Us, double P99Us, int Decisions)
{
    /// <summary>
    /// True when no other variant is at least as fast (mean) and at least as good (agreement) and
    /// better in one of them: the latency-quality frontier the policy chooses along.
    /// </summary>
    public bool OnFrontier { get; init; }
}
