namespace Fpx.Engine.Formats;

/// <summary>
/// E8M0, the OCP MX shared block scale (OCP MX v1.0 §5.4): an unsigned 8-bit biased exponent
/// whose value is 2^(code-127); code 0xFF is NaN. There is no zero and no sign.
/// </summary>
public static class E8M0
{
    /// <summary>The NaN code.</summary>
    public const byte NaN = 0xFF;

    /// <summary>Exponent bias.</summary>
    public const int Bias = 127;

    /// <summary>
    /// Smallest code Fpx's quantizers emit. Code 0 (2^-127) is a float denormal; keeping scales
    /// normal lets kernels turn a scale into a float by shifting the code into the exponent field.
    /// It only changes blocks whose largest magnitude is below about 2^-124, where every element
    /// rounds to zero or to a value below 1e-37 either way.
    /// </summary>
    public const byte MinQuantizerCode = 1;

    /// <summary>Largest finite code (2^127).</summary>
    public const byte MaxCode = 254;

    /// <summary>Decodes a scale code.</summary>
    public static float Decode(byte code) =>
        code == NaN ? float.NaN : (float)Math.ScaleB(1.0, code - Bias);

    /// <summary>The code for 2^<paramref name="exponent"/>, clamped to the quantizers' range.</summary>
    public static byte FromExponent(int exponent) =>
        (byte)Math.Clamp(exponent + Bias, MinQuantizerCode, MaxCode);
}
