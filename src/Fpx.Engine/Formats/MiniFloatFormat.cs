namespace Fpx.Engine.Formats;

/// <summary>
/// Describes a small binary floating-point element format (sign, exponent, mantissa) so that one
/// reference codec (<see cref="MiniFloat"/>) defines rounding and saturation for every format.
/// </summary>
/// <param name="Name">Short name used on the command line, e.g. <c>e4m3</c>.</param>
/// <param name="ExponentBits">Width of the exponent field.</param>
/// <param name="MantissaBits">Width of the stored mantissa field.</param>
/// <param name="Bias">Exponent bias.</param>
/// <param name="HasSign">False for unsigned formats such as UE4M3 (NVFP4 block scales).</param>
/// <param name="Special">How the format spends codes on infinities and NaN.</param>
public sealed record MiniFloatFormat(
    string Name, int ExponentBits, int MantissaBits, int Bias, bool HasSign, SpecialValues Special)
{
    /// <summary>Total code width in bits.</summary>
    public int Bits => (HasSign ? 1 : 0) + ExponentBits + MantissaBits;

    /// <summary>Number of distinct codes (2^Bits).</summary>
    public int CodeCount => 1 << Bits;

    internal int SignShift => ExponentBits + MantissaBits;
    internal uint ExponentMask => (1u << ExponentBits) - 1;
    internal uint MantissaMask => (1u << MantissaBits) - 1;

    /// <summary>Smallest unbiased exponent of a normal number.</summary>
    internal int MinNormalExponent => 1 - Bias;

    /// <summary>Largest finite value. Computed from the field layout and <see cref="Special"/>.</summary>
    public double MaxFinite
    {
        get
        {
            int topExponentField = (int)ExponentMask;
            long topMantissa = MantissaMask;
            switch (Special)
            {
                case SpecialValues.Ieee:
                    topExponentField -= 1; // all-ones exponent holds Inf/NaN
                    break;
                case SpecialValues.NanIsAllOnes:
                    topMantissa -= 1; // S.1111.111 is NaN (OCP E4M3 "FN")
                    break;
            }
            return (1.0 + topMantissa / (double)(1L << MantissaBits)) * Math.Pow(2, topExponentField - Bias);
        }
    }
}

/// <summary>How a format encodes non-finite values.</summary>
public enum SpecialValues
{
    /// <summary>No infinities and no NaN (E2M1): every code is finite.</summary>
    None,

    /// <summary>IEEE 754 style: all-ones exponent is Inf (mantissa 0) or NaN (F16, BF16, E5M2).</summary>
    Ieee,

    /// <summary>Only the all-ones code (per sign) is NaN; no infinities (OCP E4M3 "FN", UE4M3).</summary>
    NanIsAllOnes,
}

/// <summary>The element formats Fpx uses, each defined exactly once.</summary>
public static class MiniFloatFormats
{
    /// <summary>IEEE 754 binary16.</summary>
    public static readonly MiniFloatFormat F16 = new("f16", 5, 10, 15, true, SpecialValues.Ieee);

    /// <summary>bfloat16: the top half of an IEEE binary32.</summary>
    public static readonly MiniFloatFormat BF16 = new("bf16", 8, 7, 127, true, SpecialValues.Ieee);

    /// <summary>OCP FP8 E4M3 ("FN"): max 448, no infinities, NaN = S.1111.111 (OCP 8-bit FP spec v1.0, table 1).</summary>
    public static readonly MiniFloatFormat E4M3 = new("e4m3", 4, 3, 7, true, SpecialValues.NanIsAllOnes);

    /// <summary>OCP FP8 E5M2: max 57344, IEEE-style infinities and NaN.</summary>
    public static readonly MiniFloatFormat E5M2 = new("e5m2", 5, 2, 15, true, SpecialValues.Ieee);

    /// <summary>OCP MX FP4 element E2M1: ±{0, 0.5, 1, 1.5, 2, 3, 4, 6}, no Inf or NaN (OCP MX v1.0 §5.3.3).</summary>
    public static readonly MiniFloatFormat E2M1 = new("e2m1", 2, 1, 1, true, SpecialValues.None);

    /// <summary>Unsigned E4M3, the NVFP4 block scale: 7 bits, max 448, 0x7F = NaN.</summary>
    public static readonly MiniFloatFormat UE4M3 = new("ue4m3", 4, 3, 7, false, SpecialValues.NanIsAllOnes);
}
