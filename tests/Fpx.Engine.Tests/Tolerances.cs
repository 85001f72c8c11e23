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
}
