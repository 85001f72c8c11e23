namespace Fpx.Policy.Shadow;

/// <summary>One row of <c>stats</c>: what the profile says about a variant next to what shadows measured.</summary>
/// <param name="Variant">Variant name.</param>
/// <param name="ProfiledQuality">The profile's quality (what the policy uses).</param>
/// <param name="ProfiledAgreement">The profile's agreement with fp16, if given.</param>
/// <param name="Live">Live agreement, or null before the first shadow comparison.</param>
public sealed record QualityComparison(string Variant, double ProfiledQuality, double? ProfiledAgreement, AgreementStats? Live);
