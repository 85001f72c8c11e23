namespace Fpx.Policy.Latency;

/// <summary>Where a prediction came from (see <see cref="LatencyPredictor"/> for the order tried).</summary>
public enum LatencySource
{
    /// <summary>Live samples of exactly this variant, length bucket and batch size.</summary>
    Exact,

    /// <summary>Live samples of the same variant and batch size at the nearest length bucket with data.</summary>
    NearestLength,

    /// <summary>Live samples of the same variant at batch 1 (exact or nearest length), scaled by the batch size.</summary>
    ScaledBatch,

    /// <summary>The task profile's seed for the variant, scaled by the batch size.</summary>
    Seed,
}
