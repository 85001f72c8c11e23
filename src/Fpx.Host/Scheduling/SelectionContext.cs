using Fpx.Host.Backend;
using Fpx.Host.Tasks;

namespace Fpx.Host.Scheduling;

/// <summary>What a <see cref="IVariantSelector"/> knows about one request. Times are <see cref="TimeProvider.GetTimestamp"/> ticks.</summary>
public readonly struct SelectionContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="task">The request's task.</param>
    /// <param name="remainingBudget">Ticks from now to the deadline.</param>
    /// <param name="tokenCount">Input tokens of the request.</param>
    /// <param name="variants">The backend's variants (index = variant id).</param>
    /// <param name="latency">Live estimates and queue state.</param>
    /// <param name="timestampFrequency">Ticks per second.</param>
    /// <param name="forcedVariant">The variant the request forces, or -1.</param>
    public SelectionContext(TaskDefinition task, long remainingBudget, int tokenCount, IReadOnlyList<VariantInfo> variants, LatencyEstimates latency, long timestampFrequency, int forcedVariant = -1)
    {
        Task = task;
        RemainingBudget = remainingBudget;
        TokenCount = tokenCount;
        Variants = variants;
        Latency = latency;
        TimestampFrequency = timestampFrequency;
        ForcedVariant = forcedVariant;
    }

    /// <summary>The request's task (its on-miss rule and its profile).</summary>
    public TaskDefinition Task { get; }

    /// <summary>Ticks from now to the deadline.</summary>
    public long RemainingBudget { get; }

    /// <summary>Input tokens of the request.</summary>
    public int TokenCount { get; }

    /// <summary>The backend's variants.</summary>
    public IReadOnlyList<VariantInfo> Variants { get; }

    /// <summary>Live latency estimates per variant and the queue's predicted work.</summary>
    public LatencyEstimates Latency { get; }

    /// <summary>Timestamp ticks per second.</summary>
    public long TimestampFrequency { get; }

    /// <summary>
    /// The variant the request forces (<c>variant</c> in <c>decide</c>), or -1. A selector must then
    /// serve exactly it (never degrade or reject) and only fill in its predictions.
    /// </summary>
    public int ForcedVariant { get; }
}
