using System.Diagnostics.CodeAnalysis;
using Fpx.Policy.Latency;
using Fpx.Policy.Profiles;

namespace Fpx.Policy.Choice;

/// <summary>
/// Picks the variant for one request: for every candidate, predicted latency = queue wait +
/// service time at the task's planning quantile, value = quality × utility(latency), score =
/// value − delay cost (the value its extra service time is expected to take from other requests;
/// 0 without a <see cref="DelayCost"/>). The highest score among candidates with value above 0
/// wins; scores within <see cref="TieEpsilon"/> go to the faster variant (then to the ordinally
/// smaller name, so the result never depends on the order of the input).
/// </summary>
public static class VariantChooser
{
    /// <summary>Scores closer than this are a tie.</summary>
    public const double TieEpsilon = 1e-9;

    /// <summary>
    /// Chooses a variant. Candidates are the <paramref name="available"/> variants that the
    /// profile lists, enables, rates at least <c>min_quality</c>, and that the predictor can
    /// predict (live data or the profile's seed). If no candidate has a value above 0, the
    /// profile's <c>on_miss</c> decides: degrade to the fastest candidate, or reject. A delay
    /// cost only reorders candidates that have value; it never causes a miss. Deterministic for
    /// given inputs (the predictor's state and the delay-cost snapshot included), and allocates nothing.
    /// </summary>
    /// <param name="budgetUs">The request's latency budget, µs (≥ 0; +∞ for none).</param>
    /// <param name="profile">The task's profile.</param>
    /// <param name="predictor">Service-time predictions.</param>
    /// <param name="queueWaitUs">Predicted queue wait at the planning quantile, µs (≥ 0), e.g. from <see cref="QueueLoad.WaitUs"/>.</param>
    /// <param name="available">Variants the host can run now; names the profile does not know are ignored.</param>
    /// <param name="tokens">The request's input tokens.</param>
    /// <param name="batch">The batch size to predict for (1 unless the scheduler batches at choice time).</param>
    /// <param name="delayCost">The price of server time from <see cref="DelayCostEstimator.Snapshot"/>, or <see cref="DelayCost.None"/>.</param>
    /// <returns>The decision.</returns>
    public static Decision Choose(
        double budgetUs,
        TaskProfile profile,
        LatencyPredictor predictor,
        double queueWaitUs,
        ReadOnlySpan<string> available,
        int tokens = 1,
        int batch = 1,
        in DelayCost delayCost = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(predictor);
        if (!(budgetUs >= 0))
        {
            ThrowHelper.ThrowOutOfRange(nameof(budgetUs), budgetUs, "must be >= 0");
        }

        if (!(queueWaitUs >= 0 && double.IsFinite(queueWaitUs)))
        {
            ThrowHelper.ThrowOutOfRange(nameof(queueWaitUs), queueWaitUs, "must be finite and >= 0");
        }

        // The delay cost prices each candidate's extra mean service time over the fastest candidate's.
        double fastestMeanUs = delayCost.IsActive ? FastestMeanUs(profile, predictor, available, tokens, batch) : 0;

        Candidate best = default, fastest = default;
        foreach (string name in available)
        {
            if (!TryEvaluate(profile, predictor, name, tokens, batch, out var variant, out var service))
            {
                continue;
            }

            double utility = profile.Utility.Evaluate(queueWaitUs + service.ValueUs, budgetUs);
            double cost = 0;
            if (delayCost.IsActive && predictor.TryEstimateWork(new LatencyKey(name, tokens, batch), variant.Latency, out var work))
            {
                cost = delayCost.Cost(work.MeanUs - fastestMeanUs, fastestMeanUs);
            }

            var candidate = new Candidate(name, service, variant.Quality, utility, cost);
            if (candidate.Value > 0 && (best.Name is null || candidate.Beats(best)))
            {
                best = candidate;
            }

            if (fastest.Name is null || candidate.IsFasterThan(fastest))
            {
                fastest = candidate;
            }
        }

        if (best.Name is not null)
        {
            return best.ToDecision(DecisionReason.BestScore, queueWaitUs);
        }

        if (fastest.Name is null)
        {
            return new Decision(null, DecisionReason.NoCandidate, queueWaitUs, 0, 0, 0, 0, default);
        }

        return profile.OnMiss == MissPolicy.Degrade
            ? fastest.ToDecision(DecisionReason.Degraded, queueWaitUs)
            : fastest.ToDecision(DecisionReason.Rejected, queueWaitUs) with { Variant = null };
    }

    /// <summary>
    /// Whether <paramref name="name"/> is a candidate for <paramref name="profile"/> (known, enabled,
    /// at least <c>min_quality</c>) and its service time at the planning quantile can be predicted.
    /// </summary>
    internal static bool TryEvaluate(
        TaskProfile profile,
        LatencyPredictor predictor,
        string name,
        int tokens,
        int batch,
        [NotNullWhen(true)] out VariantProfile? variant,
        out LatencyPrediction service)
    {
        service = default;
        return profile.TryGetVariant(name, out variant)
            && variant.Enabled
            && variant.Quality >= profile.MinQuality
            && predictor.TryPredict(new LatencyKey(name, tokens, batch), profile.PlanningQuantile, variant.Latency, out service);
    }

    private static double FastestMeanUs(TaskProfile profile, LatencyPredictor predictor, ReadOnlySpan<string> available, int tokens, int batch)
    {
        double fastest = double.PositiveInfinity;
        foreach (string name in available)
        {
            if (TryEvaluate(profile, predictor, name, tokens, batch, out var variant, out _)
                && predictor.TryEstimateWork(new LatencyKey(name, tokens, batch), variant.Latency, out var work))
            {
                fastest = Math.Min(fastest, work.MeanUs);
            }
        }

        return double.IsFinite(fastest) ? fastest : 0;
    }

    private readonly record struct Candidate(string Name, LatencyPrediction Service, double Quality, double Utility, double Cost)
    {
        public double Value => Quality * Utility;

        public double Score => Value - Cost;

        public bool Beats(in Candidate other)
        {
            double difference = Score - other.Score;
            return difference > TieEpsilon || (difference >= -TieEpsilon && IsFasterThan(other));
        }

        public bool IsFasterThan(in Candidate other) =>
            Service.ValueUs < other.Service.ValueUs
            || (Service.ValueUs == other.Service.ValueUs && string.CompareOrdinal(Name, other.Name) < 0);

        public Decision ToDecision(DecisionReason reason, double queueWaitUs) =>
            new(Name, reason, queueWaitUs, Service.ValueUs, Quality, Utility, Cost, Service.Source);
    }
}
