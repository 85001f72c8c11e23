namespace Fpx.Policy.Simulation;

/// <summary>
/// What one policy achieved on one workload (warm-up excluded). Every request ends in exactly one
/// of: met (answered by its deadline), late (answered after it), expired (dropped from the queue
/// past its deadline), rejected (refused on arrival, or at dispatch by a re-choosing policy).
/// </summary>
/// <param name="Policy">The policy's name.</param>
/// <param name="Requests">Requests counted.</param>
/// <param name="Met">Answered by the deadline.</param>
/// <param name="Late">Answered after the deadline.</param>
/// <param name="Expired">Dropped from the queue past the deadline.</param>
/// <param name="Rejected">Refused with <c>deadline_unreachable</c>.</param>
/// <param name="Degraded">Served although the policy expected no value in time (counted within met or late).</param>
/// <param name="UtilitySum">Σ quality × utility of the actual latency (0 for anything not met).</param>
/// <param name="ServedByVariant">Requests served per variant.</param>
/// <param name="P99LatencyUs">99th percentile of the latency of answered requests, µs.</param>
public sealed record SimulationResult(
    string Policy,
    int Requests,
    int Met,
    int Late,
    int Expired,
    int Rejected,
    int Degraded,
    double UtilitySum,
    IReadOnlyDictionary<string, int> ServedByVariant,
    double P99LatencyUs)
{
    /// <summary>
    /// Requests that were neither rejected nor degraded: the policy expected a variant to meet
    /// their budget at the planning quantile (for a static policy, every request it served or let expire).
    /// </summary>
    public int Feasible { get; init; }

    /// <summary>Feasible requests answered by their deadline.</summary>
    public int FeasibleMet { get; init; }

    /// <summary>FeasibleMet / Feasible: the hit rate of requests whose budget the policy expected to meet.</summary>
    public double FeasibleHitRate => Feasible == 0 ? 1 : (double)FeasibleMet / Feasible;

    /// <summary>Met / requests.</summary>
    public double HitRate => (double)Met / Requests;

    /// <summary>Met / (requests − rejected): the promise kept to requests that were accepted.</summary>
    public double AcceptedHitRate => Requests == Rejected ? 1 : (double)Met / (Requests - Rejected);

    /// <summary>Mean of quality × utility over all requests (0 when missed or rejected).</summary>
    public double MeanUtility => UtilitySum / Requests;

    /// <inheritdoc/>
    public override string ToString() =>
        FormattableString.Invariant(
            $"{Policy,-20} hit {HitRate:P3} accepted-hit {AcceptedHitRate:P3} feasible-hit {FeasibleHitRate:P3} utility {MeanUtility:F4} late {Late} expired {Expired} rejected {Rejected} degraded {Degraded} p99 {P99LatencyUs:F0}us served [{string.Join(", ", ServedByVariant.Select(p => p.Key + "=" + p.Value))}]");
}
