using Fpx.Policy.Latency;

namespace Fpx.Policy.Choice;

/// <summary>
/// The outcome of <see cref="VariantChooser.Choose"/>. Latencies are predictions at the task's
/// planning quantile; quality and utility are those of the chosen variant (for a rejection, of the
/// fastest candidate, so the error can say how far off the budget was).
/// </summary>
/// <param name="Variant">The variant to run; null when rejected or when there was no candidate.</param>
/// <param name="Reason">Why.</param>
/// <param name="QueueUs">Predicted wait in the queue, µs.</param>
/// <param name="ServiceUs">Predicted service time, µs.</param>
/// <param name="Quality">The variant's quality on the task.</param>
/// <param name="Utility">The utility of the predicted total latency.</param>
/// <param name="DelayCost">The value other requests are expected to lose to this choice (0 without a <see cref="Choice.DelayCost"/>).</param>
/// <param name="ServiceSource">Where the service-time prediction came from.</param>
public readonly record struct Decision(
    string? Variant,
    DecisionReason Reason,
    double QueueUs,
    double ServiceUs,
    double Quality,
    double Utility,
    double DelayCost,
    LatencySource ServiceSource)
{
    /// <summary>Predicted latency from receipt to answer: queue plus service, µs.</summary>
    public double TotalUs => QueueUs + ServiceUs;

    /// <summary>Quality × utility: the value expected for this request.</summary>
    public double Value => Quality * Utility;

    /// <summary>Value minus delay cost: the number the choice maximized.</summary>
    public double Score => Value - DelayCost;

    /// <summary>True when served although nothing was expected to be worth anything in time.</summary>
    public bool IsDegraded => Reason == DecisionReason.Degraded;

    /// <summary>
    /// The error code to answer with instead of serving, or null when a variant serves. Both a
    /// rejection and <see cref="DecisionReason.NoCandidate"/> map to
    /// <see cref="PolicyErrorCodes.DeadlineUnreachable"/>: either way no variant can answer in time;
    /// the host should also log NoCandidate, which points at configuration.
    /// </summary>
    public string? ErrorCode => Reason switch
    {
        DecisionReason.Rejected => PolicyErrorCodes.DeadlineUnreachable,
        DecisionReason.NoCandidate => PolicyErrorCodes.DeadlineUnreachable,
        _ => null,
    };
}
