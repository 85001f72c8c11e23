using System.Runtime.CompilerServices;

namespace Fpx.Engine.Formats;

/// <summary>
/// A fast scalar encoder for one <see cref="MiniFloatFormat"/> with mantissa narrower than
/// binary32's: integer round-to-nearest-even on the float's bits (the classic float-to-half
/// method), about ten times faster than <see cref="MiniFloat.Encode"/>, which stays the
/// definition; tests compare the two on every code boundary and on random inputs.
/// </summary>
public sealed class MiniFloatEncoder
{
    private readonly uint _signShift;
    private readonly int _dropBits;          // 23 - mantissa bits
    private readonly uint _rebias;           // (127 - bias) << mantissa bits
    private readonly float _maxFinite;
    private readonly uint _maxCode;
    private readonly uint _infCode;          // Ieee formats only
    private readonly uint _nanCode;
    private readonly float _minNormal;
    private readonly float _subnormalMagic;  // adding it rounds a subnormal to its quantum (RNE by the FPU)
    private readonly bool _hasSign;
    private readonly bool _hasInfinity;

    /// <summary>Creates an encoder for <paramref name="format"/>.</summary>
    public MiniFloatEncoder(MiniFloatFormat format)
    {
        if (format.MantissaBits >= 23 || format.ExponentBits > 8)
        {
            throw new ArgumentException($"{format.Name} is not narrower than binary32", nameof(format));
        }
        Format = format;
        _hasSign = format.HasSign;
        _signShift = (uint)format.SignShift;
        _dropBits = 23 - format.MantissaBits;
        _rebias = (uint)(127 - format.Bias) << format.MantissaBits;
        _maxFinite = (float)format.MaxFinite;
        _maxCode = MiniFloat.Encode(format, _maxFinite);
        _hasInfinity = format.Special == SpecialValues.Ieee;
        _infCode = format.ExponentMask << format.MantissaBits;
        _nanCode = MiniFloat.Encode(format, float.NaN);
        _minNormal = (float)Math.ScaleB(1.0, format.MinNormalExponent);
        // A float whose last mantissa bit weighs one subnormal quantum of the target format.
        _subnormalMagic = (float)Math.ScaleB(1.0, format.MinNormalExponent - format.MantissaBits + 23);
    }

    /// <summary>The format this encoder writes.</summary>
    public MiniFloatFormat Format { get; }

    /// <summary>Encodes with round-to-nearest-even and saturation, exactly as <see cref="MiniFloat.Encode"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Encode(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        uint abs = bits & 0x7FFF_FFFF;
        uint sign = _hasSign ? (bits >> 31) << (int)_signShift : 0;
        if (!_hasSign && (bits >> 31) != 0 && abs <= 0x7F80_0000)
        {
            return 0; // unsigned formats clamp negatives (and -0) to +0
        }

        float magnitude = BitConverter.UInt32BitsToSingle(abs);
        if (abs > 0x7F80_0000)
        {
            return _nanCode;
        }
        if (magnitude >= _maxFinite)
        {
            return abs == 0x7F80_0000 && _hasInfinity ? sign | _infCode : sign | _maxCode;
        }
        if (magnitude < _minNormal)
        {
            // The FPU's own round-to-nearest-even lands on a multiple of the subnormal quantum.
            float sum = magnitude + _subnormalMagic;
            return sign | (BitConverter.SingleToUInt32Bits(sum) - BitConverter.SingleToUInt32Bits(_subnormalMagic));
        }
        uint odd = (abs >> _dropBits) & 1;
        abs += (1u << (_dropBits - 1)) - 1 + odd;
        return sign | ((abs >> _dropBits) - _rebias);
    }
}
