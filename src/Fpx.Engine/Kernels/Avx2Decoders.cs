using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Fpx.Engine.Kernels;

/// <summary>
/// Turns 8 element codes into 8 floats for the AVX2 float kernels. F16 and FP8 are decoded by
/// shifting the code into a binary32's fields and masking: the result is the weight times a fixed
/// power of two (the exponent bias differs), which <see cref="SumFactor"/> undoes once per row.
/// Subnormal codes were zeroed at quantization time (see SparseCorrections), so every decoded value
/// is zero or a normal float.
/// </summary>
internal unsafe interface IFloatDecoder
{
    /// <summary>Bytes per element code.</summary>
    static abstract int ElementBytes { get; }

    /// <summary>True when the kernel takes activations multiplied by <see cref="Avx2Kernels.Prescale"/>.</summary>
    static abstract bool Prescaled { get; }

    /// <summary>Multiplies a row's sum of decoded x prepared products back into true units.</summary>
    static abstract float SumFactor { get; }

    static abstract Vector256<float> Decode8(byte* codes);
}

internal unsafe struct F32Decoder : IFloatDecoder
{
    public static int ElementBytes => 4;
    public static bool Prescaled => false;
    public static float SumFactor => 1f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Decode8(byte* codes) => Avx.LoadVector256((float*)codes);
}

internal unsafe struct BF16Decoder : IFloatDecoder
{
    public static int ElementBytes => 2;
    public static bool Prescaled => false;
    public static float SumFactor => 1f;

    /// <summary>bfloat16 is the top half of a binary32: zero-extend and shift.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Decode8(byte* codes) =>
        Avx2.ShiftLeftLogical(Avx2.ConvertToVector256Int32((ushort*)codes), 16).AsSingle();
}

internal unsafe struct F16Decoder : IFloatDecoder
{
    public static int ElementBytes => 2;
    public static bool Prescaled => true;

    /// <summary>The decoded value is w x 2^-112 (binary32 bias 127 minus binary16 bias 15); activations carry 2^64.</summary>
    public static float SumFactor => 281474976710656f /* 2^48 */;

    /// <summary>
    /// Sign-extend to 32 bits and shift left 13: exponent and mantissa land in binary32's fields,
    /// the sign in bit 28 and its copies in 29..31; the mask keeps bit 31 as the sign.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Decode8(byte* codes) =>
        Avx2.And(Avx2.ShiftLeftLogical(Avx2.ConvertToVector256Int32((short*)codes), 13),
            Vector256.Create(unchecked((int)0x8FFF_E000))).AsSingle();
}

internal unsafe struct E4M3Decoder : IFloatDecoder
{
    public static int ElementBytes => 1;
    public static bool Prescaled => true;

    /// <summary>The decoded value is w x 2^-120 (bias 127 minus 7); activations carry 2^64.</summary>
    public static float SumFactor => 72057594037927936f /* 2^56 */;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Decode8(byte* codes) =>
        Avx2.And(Avx2.ShiftLeftLogical(Avx2.ConvertToVector256Int32((sbyte*)codes), 20),
            Vector256.Create(unchecked((int)0x87F0_0000))).AsSingle();
}

internal unsafe struct E5M2Decoder : IFloatDecoder
{
    public static int ElementBytes => 1;
    public static bool Prescaled => true;

    /// <summary>E5M2 is the top byte of a binary16: the decoded value is w x 2^-112.</summary>
    public static float SumFactor => 281474976710656f /* 2^48 */;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Decode8(byte* codes) =>
        Avx2.And(Avx2.ShiftLeftLogical(Avx2.ConvertToVector256Int32((sbyte*)codes), 21),
            Vector256.Create(unchecked((int)0x8FE0_0000))).AsSingle();
}
