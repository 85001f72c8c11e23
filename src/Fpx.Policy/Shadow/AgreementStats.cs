namespace Fpx.Policy.Shadow;

/// <summary>Live agreement of one (task, variant) with the reference variant.</summary>
/// <param name="Rate">Decayed share of shadowed requests where the variant chose the reference's action, in [0, 1].</param>
/// <param name="EffectiveSamples">The decayed weight behind the rate (at most about 1.44 × the half-life).</param>
/// <param name="Samples">Comparisons recorded (not decayed).</param>
public readonly record struct AgreementStats(double Rate, double EffectiveSamples, long Samples);
