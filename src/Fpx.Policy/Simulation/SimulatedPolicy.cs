namespace Fpx.Policy.Simulation;

/// <summary>How the simulated server picks a variant per request.</summary>
public sealed class SimulatedPolicy
{
    private SimulatedPolicy(string name, string? staticVariant, bool delayCost, bool rechooseAtDispatch, bool degradedLast)
    {
        DegradedLast = degradedLast;
        Name = name;
        StaticVariant = staticVariant;
        DelayCost = delayCost;
        RechooseAtDispatch = rechooseAtDispatch;
    }

    /// <summary>A name for result tables.</summary>
    public string Name { get; }

    /// <summary>The one variant a static policy always uses; null for the adaptive policy.</summary>
    public string? StaticVariant { get; }

    /// <summary>Whether the adaptive policy prices server time with a <see cref="Choice.DelayCostEstimator"/>.</summary>
    public bool DelayCost { get; }

    /// <summary>
    /// Whether the adaptive policy chooses again when the request reaches the server, with the
    /// budget then left and no queue ahead (late binding). The choice on arrival still decides
    /// rejection and the load the request adds to the queue estimate.
    /// </summary>
    public bool RechooseAtDispatch { get; }

    /// <summary>
    /// Whether degraded requests queue behind every feasible one instead of by deadline. They are
    /// expected to miss anyway; by deadline (the default), being tight, they jump ahead of feasible
    /// requests and can make those miss too.
    /// </summary>
    public bool DegradedLast { get; }

    /// <summary>
    /// The policy under test: <see cref="Choice.VariantChooser"/> on arrival, fed by a live
    /// predictor and the EDF queue ahead of the request.
    /// </summary>
    /// <param name="delayCost">Price server time (the default); false gives the plain per-request argmax ("greedy").</param>
    /// <param name="rechooseAtDispatch">Choose again at dispatch (see <see cref="RechooseAtDispatch"/>).</param>
    /// <param name="degradedLast">Queue degraded requests last (see <see cref="DegradedLast"/>).</param>
    /// <returns>The policy.</returns>
    public static SimulatedPolicy Adaptive(bool delayCost = true, bool rechooseAtDispatch = false, bool degradedLast = false) =>
        new(
            (delayCost ? "adaptive" : "greedy") + (rechooseAtDispatch ? "+dispatch" : string.Empty) + (degradedLast ? "+degraded-last" : string.Empty),
            null,
            delayCost,
            rechooseAtDispatch,
            degradedLast);

    /// <summary>Always <paramref name="variant"/>, never rejecting.</summary>
    /// <param name="variant">The variant.</param>
    /// <returns>The policy.</returns>
    public static SimulatedPolicy Static(string variant)
    {
        ArgumentException.ThrowIfNullOrEmpty(variant);
        return new("static " + variant, variant, false, false, false);
    }
}
