using System.Runtime.CompilerServices;

namespace Fpx.Engine.Formats;

/// <summary>
/// The scalar reference codec for every <see cref="MiniFloatFormat"/>: the definition of
/// correctness that all vector paths are tested against.
/// </summary>
/// <remarks>
/// Encoding rounds to nearest, ties to even, and saturates: a finite value beyond the largest
/// finite one becomes that value (OCP 8-bit FP spec "saturating" conversion; the same rule is
/// applied to F16 and BF16 so that no quantized weight becomes infinite). An infinite input stays
/// infinite where the format has infinities and saturates otherwise. NaN becomes the format's NaN,
/// or +0 in formats that have none (E2M1); weight quantizers reject non-finite weights before
/// encoding, so that case is never reached from a model.
/// </remarks>
public static class MiniFloat
{
    /// <summary>Encodes <paramref name="value"/> into <paramref name="format"/>.</summary>
    public static uint Encode(MiniFloatFormat format, float value)
    {
        uint sign = 0;
        if (float.IsNegative(value) && format.HasSign)
        {
            sign = 1u << format.SignShift;
        }

        if (float.IsNaN(value))
        {
            return NaNCode(format) ?? 0u;
        }

        double magnitude = Math.Abs((double)value);
        if (!format.HasSign && float.IsNegative(value))
        {
            magnitude = 0; // unsigned formats clamp negatives to zero
        }

        if (double.IsInfinity(magnitude))
        {
            return format.Special == SpecialValues.Ieee
                ? sign | (format.ExponentMask << format.MantissaBits)
                : sign | EncodeExact(format, format.MaxFinite);
        }

        if (magnitude == 0)
        {
            return sign;
        }

        // The quantum (spacing of representable values) at this magnitude: subnormals share the
        // spacing of the smallest normal binade.
        int exponent = Math.Max(FloorLog2(magnitude), format.MinNormalExponent);
        double quantum = Math.ScaleB(1.0, exponent - format.MantissaBits);
        double rounded = Math.Round(magnitude / quantum, MidpointRounding.ToEven) * quantum;
        if (rounded > format.MaxFinite)
        {
            rounded = format.MaxFinite;
        }
        return sign | EncodeExact(format, rounded);
    }

    /// <summary>Decodes a code of <paramref name="format"/> to a float (exact: every code is a float).</summary>
    public static float Decode(MiniFloatFormat format, uint code)
    {
        bool negative = format.HasSign && ((code >> format.SignShift) & 1) != 0;
        uint exponentField = (code >> format.MantissaBits) & format.ExponentMask;
        uint mantissa = code & format.MantissaMask;

        double magnitude;
        if (format.Special == SpecialValues.Ieee && exponentField == format.ExponentMask)
        {
            magnitude = mantissa == 0 ? double.PositiveInfinity : double.NaN;
        }
        else if (format.Special == SpecialValues.NanIsAllOnes
                 && exponentField == format.ExponentMask && mantissa == format.MantissaMask)
        {
            magnitude = double.NaN;
        }
        else if (exponentField == 0)
        {
            magnitude = Math.ScaleB(mantissa, format.MinNormalExponent - format.MantissaBits);
        }
        else
        {
            magnitude = Math.ScaleB((1u << format.MantissaBits) + mantissa,
                (int)exponentField - format.Bias - format.MantissaBits);
        }
        return (float)(negative ? -magnitude : magnitude);
    }

    /// <summary>True when the code is a subnormal (zero exponent field, nonzero mantissa).</summary>
    public static bool IsSubnormal(MiniFloatFormat format, uint code) =>
        ((code >> format.MantissaBits) & format.ExponentMask) == 0 && (code & format.MantissaMask) != 0;

    /// <summary>Largest finite value as a float.</summary>
    public static float MaxFinite(MiniFloatFormat format) => (float)format.MaxFinite;

    /// <summary>Builds a table of every code's value: fast scalar decoding for formats up to 16 bits.</summary>
    public static float[] DecodeTable(MiniFloatFormat format)
    {
        var table = new float[format.CodeCount];
        for (uint code = 0; code < table.Length; code++)
        {
            table[code] = Decode(format, code);
        }
        return table;
    }

    private static uint? NaNCode(MiniFloatFormat format) => format.Special switch
    {
        SpecialValues.Ieee => (format.ExponentMask << format.MantissaBits) | (1u << (format.MantissaBits - 1)),
        SpecialValues.NanIsAllOnes => (format.ExponentMask << format.MantissaBits) | format.MantissaMask,
        _ => null,
    };

    /// <summary>Encodes a non-negative magnitude that is exactly representable.</summary>
    private static uint EncodeExact(MiniFloatFormat format, double magnitude)
    {
        if (magnitude < Math.ScaleB(1.0, format.MinNormalExponent))
        {
            return (uint)(magnitude / Math.ScaleB(1.0, format.MinNormalExponent - format.MantissaBits));
        }
        int exponent = FloorLog2(magnitude);
        uint mantissa = (uint)(magnitude / Math.ScaleB(1.0, exponent - format.MantissaBits)) - (1u << format.MantissaBits);
        return ((uint)(exponent + format.Bias) << format.MantissaBits) | mantissa;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FloorLog2(double positive) => Math.ILogB(positive);
}
