using Fpx.Engine.Model;

namespace Fpx.Engine.Calibration;

/// <summary>One linear layer's sensitivities.</summary>
/// <param name="Layer">The layer.</param>
/// <param name="Parameters">Its weights.</param>
/// <param name="RelativeError">Layer-output relative error with FP4 weights (NaN when not measured).</param>
/// <param name="EndToEndKl">Mean next-token KL divergence with this layer alone in FP4 (NaN when not measured).</param>
public sealed record LadderEntry(LinearLayer Layer, long Parameters, double RelativeError, double EndToEndKl);

/// <summary>Where the calibration tokens came from.</summary>
/// <param name="Source">E.g. <c>random(seed=1)</c> or a file name.</param>
/// <param name="Sequences">Token sequences.</param>
/// <param name="Tokens">Tokens in all.</param>
public sealed record CalibrationInfo(string Source, int Sequences, int Tokens);
