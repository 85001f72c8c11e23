namespace Fpx.Engine.Tests;

/// <summary>
/// Every error tolerance the engine tests use, with where it comes from. Bounds are derived from
/// the data of each case (sums of magnitudes), so a test fails when a kernel is wrong, not when the
/// numbers happen to be large.
/// </summary>
internal static class Tolerances
{
    /// <summary>Unit roundoff of binary32.</summary>
    public const double Unit32 = 1.0 / (1 << 24);

    /// <summary>
    /// Float summation of n products in any order: |error| ≤ γ_n Σ|terms| with γ_n ≈ n·u
    /// (Higham, "Accuracy and Stability of Numerical Algorithms", §4.2). A SIMD kernel and the
    /// double-precision reference decode identical weights, so only summation order and the final
    /// scalings differ. The +16 covers the row, block and tensor scale multiplications.
    /// </summary>
    public static double Summation(int terms, double sumOfMagnitudes) => (terms + 16) * Unit32 * sumOfMagnitudes;

    /// <summary>
    /// int8 activations (per block of 32, scale d = amax/127, round to nearest): each activation
    /// moves by at most d/2, so a dot product moves by at most Σ|w_i|·d_b/2. The factor 1.001
    /// allows for d and 127/amax being rounded floats.
    /// </summary>
    public const double Int8ActivationSlack = 1.001;

    /// <summary>
    /// Relative RMS error ceilings for N(0, 1) weights, from each element's precision: a binary
    /// float with m mantissa bits has relative rounding error ≤ 2^-(m+1), RMS about 2^-(m+1)/√3 for
    /// uniform rounding. F16 (m=10): 2.8e-4; E4M3 (m=3): 3.6e-2; E5M2 (m=2): 7.2e-2. FP4 has no such
    /// closed form; `fpx formats error` measured 0.115 (MXFP4) and 0.095 (NVFP4) on Gaussian weights
    /// (bench/RESULTS.md), and the ceilings sit above with margin for small samples.
    /// </summary>
    public static double RelativeRmsCeiling(Fpx.Engine.Quant.WeightFormat format) => format switch
    {
        Fpx.Engine.Quant.WeightFormat.F32 => 0,
        Fpx.Engine.Quant.WeightFormat.F16 => 3.5e-4,
        Fpx.Engine.Quant.WeightFormat.BF16 => 2.5e-3,
        Fpx.Engine.Quant.WeightFormat.Fp8E4M3 or Fpx.Engine.Quant.WeightFormat.MxFp8 => 4.0e-2,
        Fpx.Engine.Quant.WeightFormat.Fp8E5M2 => 8.0e-2,
        Fpx.Engine.Quant.WeightFormat.MxFp4 => 0.13,
        Fpx.Engine.Quant.WeightFormat.NvFp4 => 0.11,
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    // Transformer logits against the PyTorch reference (tools/make_reference_models.py), error
    // max |ours - reference| / max |reference| (the measure).

    /// <summary>FP32 end to end against float64: measured 2.3e-7 .. 4.8e-7 at any position (2026-11-22).</summary>
    public const double LogitsF32 = 1e-4;

    /// <summary>F16 linear layers: measured 8.4e-4 on the F32 fixture; 2e-7..4e-7 on the F16/BF16 ones (lossless there).</summary>
    public const double LogitsF16 = 1e-2;

    // Mean over the 12 reference positions of KL(p_f32 ‖ p_variant), decoded token by token,
    // measured 2026-11-22 (MXFP4 / NVFP4 behind fp4):
    //
    //   fixture                   fp8      fp4 (mx)  fp4 (nv)  worst mix (mx; mixes rise with gamma, not strictly)
    //   llama-gqa-f32             5.4e-3   0.103     0.084     0.130
    //   qwen2-bias-tied-bf16      9.1e-3   0.135     0.140     0.135
    //   llama-odd-bias-f16        2.8e-3   0.050     0.037     0.046
    //   llama-mqa-sharded-bf16    9.8e-3   0.170     0.111     0.165
    //
    // These toy models (hidden 32..72, weights N(0, 1/in)) have no redundancy, so FP4 costs far
    // more than on real checkpoints; the bounds sit at about 2.5-3x the worst measurement.
    public const double MeanKlFp8 = 0.03;
    public const double MeanKlFp4 = 0.45;
}
