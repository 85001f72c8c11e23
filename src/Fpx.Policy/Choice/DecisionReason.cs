namespace Fpx.Policy.Choice;

/// <summary>Why <see cref="VariantChooser.Choose"/> decided as it did.</summary>
public enum DecisionReason
{
    /// <summary>The variant with the highest quality × utility, all of which is positive.</summary>
    BestScore,

    /// <summary>No variant scored above 0; the profile says degrade, so the fastest allowed variant serves.</summary>
    Degraded,

    /// <summary>No variant scored above 0; the profile says reject (<see cref="PolicyErrorCodes.DeadlineUnreachable"/>).</summary>
    Rejected,

    /// <summary>
    /// No variant could be considered: none is available, enabled, at least <c>min_quality</c> and
    /// predictable (live latency data or a profile seed). A configuration problem, not a load one.
    /// </summary>
    NoCandidate,
}
