namespace Fpx.Host.Scheduling;

/// <summary>What the selector decided for one request.</summary>
public enum ChoiceKind
{
    /// <summary>Serve the chosen variant; it is predicted to meet the deadline.</summary>
    Serve,
    /// <summary>Nothing is predicted to meet the deadline; serve the fastest variant anyway.</summary>
    Degrade,
    /// <summary>Nothing is predicted to meet the deadline; answer <c>deadline_unreachable</c> now.</summary>
    Reject,
}

/// <summary>A selector's choice. Times are <see cref="TimeProvider.GetTimestamp"/> ticks.</summary>
/// <param name="Kind">Serve, degrade or reject.</param>
/// <param name="Variant">The variant index (for a reject: the fastest, whose prediction is reported).</param>
/// <param name="PredictedQueue">Predicted wait before compute starts.</param>
/// <param name="PredictedCompute">Predicted compute time.</param>
public readonly record struct VariantChoice(ChoiceKind Kind, int Variant, long PredictedQueue, long PredictedCompute);
