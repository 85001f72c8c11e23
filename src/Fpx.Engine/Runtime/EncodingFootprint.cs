using Fpx.Engine.Quant;

namespace Fpx.Engine.Runtime;

/// <summary>What one encoding of every linear layer costs in the weight pool.</summary>
/// <param name="Encoding">The encoding.</param>
/// <param name="Format">Its storage format.</param>
/// <param name="BitsPerWeight">Nominal bits per weight (codes plus block scales).</param>
/// <param name="Parameters">Weights of all linear layers.</param>
/// <param name="PayloadBytes">Codes and scales: what a forward pass streams.</param>
/// <param name="ResidentBytes">Payload plus subnormal corrections and tensor scales.</param>
public sealed record EncodingFootprint(
    LinearEncoding Encoding, WeightFormat Format, double BitsPerWeight, long Parameters, long PayloadBytes, long ResidentBytes);
