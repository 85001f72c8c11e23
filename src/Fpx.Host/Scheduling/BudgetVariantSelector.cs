using Fpx.Host.Backend;
using Fpx.Host.Tasks;

namespace Fpx.Host.Scheduling;

/// <summary>
/// The budget rule: the best-quality variant whose measured latency (p99 of recent pass times plus
/// the queue's predicted work) fits the remaining budget; if none fits, the task's on-miss rule
/// (serve the fastest, or reject). Ties in quality go to the faster. The <see cref="PolicySelector"/>
/// uses it for tasks that have no profile.
/// </summary>
public sealed class BudgetVariantSelector : IVariantSelector
{
    private readonly int[] _byQuality;

    /// <summary>Creates the selector for a backend's variants.</summary>
    /// <param name="variants">The variants (index = variant id).</param>
    public BudgetVariantSelector(IReadOnlyList<VariantInfo> variants)
    {
        ArgumentNullException.ThrowIfNull(variants);
        _byQuality = [.. Enumerable.Range(0, variants.Count).OrderBy(i => variants[i].QualityRank)];
    }

    /// <inheritdoc />
    public VariantChoice Select(in SelectionContext context)
    {
        LatencyEstimates latency = context.Latency;
        IReadOnlyList<VariantInfo> variants = context.Variants;
        long queue = latency.PendingWork;
        if (context.ForcedVariant >= 0)
        {
            return new VariantChoice(ChoiceKind.Serve, context.ForcedVariant, queue, latency.P99(context.ForcedVariant));
        }

        int best = -1, fastest = -1;
        foreach (int v in _byQuality)
        {
            long compute = latency.P99(v);
            if (fastest < 0 || compute < latency.P99(fastest))
            {
                fastest = v; // strictly faster only, so among equals the better quality stays
            }

            if (queue + compute > context.RemainingBudget)
            {
                continue;
            }

            if (best < 0)
            {
                best = v;
            }
            else if (variants[v].QualityRank == variants[best].QualityRank && compute < latency.P99(best))
            {
                best = v;
            }
        }

        if (best >= 0)
        {
            return new VariantChoice(ChoiceKind.Serve, best, queue, latency.P99(best));
        }

        ChoiceKind kind = context.Task.OnMiss == OnMissRule.Degrade ? ChoiceKind.Degrade : ChoiceKind.Reject;
        return new VariantChoice(kind, fastest, queue, latency.P99(fastest));
    }
}
