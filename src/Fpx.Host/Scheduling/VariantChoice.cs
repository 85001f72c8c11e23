using Fpx.Policy.Latency;

namespace Fpx.Host.Scheduling;

/// <summary>What the selector decided for one request.</summary>
public enum ChoiceKind
{
    /// <summary>Serve the chosen variant; it is predicted to meet the deadline.</summary>
    Serve,
    /// <summary>Nothing is predicted to meet the deadline; serve the fastest variant anyway (queued behind every request that is expected to meet its deadline).</summary>
    Degrade,
    /// <summary>Nothing is predicted to meet the deadline; answer <c>deadline_unreachable</c> now.</summary>
    Reject,
}

/// <summary>A selector's choice. Times are <see cref="TimeProvider.GetTimestamp"/> ticks.</summary>
/// <param name="Kind">Serve, degrade or reject.</param>
/// <param name="Variant">The variant index (for a reject: the fastest, whose prediction is reported).</param>
/// <param name="PredictedQueue">Predicted wait before compute starts.</param>
/// <param name="PredictedCompute">Predicted compute time.</param>
public readonly record struct VariantChoice(ChoiceKind Kind, int Variant, long PredictedQueue, long PredictedCompute)
{
    /// <summary>The task profile's quality of the chosen variant, or null when the task has no profile (or the profile does not list the variant).</summary>
    public double? ExpectedQuality { get; init; }

    /// <summary>
    /// The load the request adds to the queue (mean and tail-equivalent variance, docs/decisions/0011),
    /// kept by <see cref="LatencyEstimates.PendingLoad"/> while the request is admitted; empty when the selector does not estimate it.
    /// </summary>
    public QueueLoad Work { get; init; }
}
