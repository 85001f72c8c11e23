namespace Fpx.Host.Backend;

/// <summary>One precision variant a backend can run (see docs/DESIGN.md, "Weight pool and variants").</summary>
/// <param name="Name">Wire name, e.g. <c>fp16</c>, <c>fp8</c>, <c>fpx-g0.30</c>, <c>fp4</c>.</param>
/// <param name="BitsPerWeight">Average bits per linear-layer weight (16, 8, 4.25, ...).</param>
/// <param name="ResidentBytes">Bytes of weights this variant keeps resident (shared copies counted once per variant).</param>
/// <param name="QualityRank">0 is the best quality; larger is worse. Ties are allowed.</param>
public sealed record VariantInfo(string Name, double BitsPerWeight, long ResidentBytes, int QualityRank);
