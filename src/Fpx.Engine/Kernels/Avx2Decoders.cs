using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Fpx.Engine.Kernels;

/// <summary>
/// Turns 32 element codes into 4 x 8 floats for the AVX2 float kernels. F16 and FP8 codes are
/// sign-extended to 32 bits, shifted and masked so that exponent and mantissa sit in binary32's
/// fields: the result is the weight times a fixed power of two (the exponent biases differ), which
/// <see cref="SumFactor"/> undoes once per row. Subnormal codes were zeroed at quantization (see
/// SparseCorrections), so every decoded value is zero or normal. BF16 is unpacked against zero,
/// which works within 128-bit lanes: floats come out in the order <see cref="Order"/> gives, and
/// activations are stored in that order (<see cref="Avx2Kernels.PrepareActivations"/>).
/// </summary>
internal unsafe interface IFloatDecoder
{
    /// <summary>Bytes per element code.</summary>
    static abstract int ElementBytes { get; }

    /// <summary>Factor the activations are multiplied by when they are prepared.</summary>
    static abstract float ActivationScale { get; }

    /// <summary>Multiplies a row's sum of decoded x prepared products back into true units.</summary>
    static abstract float SumFactor { get; }

    /// <summary>For each group of 4 floats produced, the index of the group of 4 elements it holds.</summary>
    static abstract ReadOnlySpan<byte> Order { get; }

    static abstract void Decode32(byte* codes, out Vector256<float> d0, out Vector256<float> d1, out Vector256<float> d2, out Vector256<float> d3);
}

/// <summary>Shared code of the 16-bit decoders: one load of 16 codes gives two vectors.</summary>
internal static unsafe class Wide16
{
    /// <summary>Group order of two unpacked 16-code loads: lanes hold codes 0-3, 8-11 | 4-7, 12-15.</summary>
    public static ReadOnlySpan<byte> Order => [0, 2, 1, 3, 4, 6, 5, 7];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Unpack32(byte* codes, out Vector256<int> d0, out Vector256<int> d1, out Vector256<int> d2, out Vector256<int> d3)
    {
        var a = Avx.LoadVector256((ushort*)codes);
        var b = Avx.LoadVector256((ushort*)codes + 16);
        d0 = Avx2.UnpackLow(Vector256<ushort>.Zero, a).AsInt32();
        d1 = Avx2.UnpackHigh(Vector256<ushort>.Zero, a).AsInt32();
        d2 = Avx2.UnpackLow(Vector256<ushort>.Zero, b).AsInt32();
        d3 = Avx2.UnpackHigh(Vector256<ushort>.Zero, b).AsInt32();
    }
}

/// <summary>Decoders that sign-extend 8 codes at a time keep the elements in their natural order.</summary>
internal static class Natural
{
    public static ReadOnlySpan<byte> Order => [0, 1, 2, 3, 4, 5, 6, 7];

    /// <summary>Shift a sign-extended code left so exponent and mantissa reach binary32's fields, then keep sign, exponent and mantissa.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Decode(Vector256<int> signExtended, [System.Diagnostics.CodeAnalysis.ConstantExpected] byte shift, int mask) =>
        Avx2.And(Avx2.ShiftLeftLogical(signExtended, shift), Vector256.Create(mask)).AsSingle();
}

internal unsafe struct BF16Decoder : IFloatDecoder
{
    public static int ElementBytes => 2;
    public static float ActivationScale => 1f;
    public static float SumFactor => 1f;
    public static ReadOnlySpan<byte> Order => Wide16.Order;

    /// <summary>bfloat16 is the top half of a binary32: unpacking is all the decoding there is.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Decode32(byte* codes, out Vector256<float> d0, out Vector256<float> d1, out Vector256<float> d2, out Vector256<float> d3)
    {
        Wide16.Unpack32(codes, out var a, out var b, out var c, out var d);
        (d0, d1, d2, d3) = (a.AsSingle(), b.AsSingle(), c.AsSingle(), d.AsSingle());
    }
}

internal unsafe struct F16Decoder : IFloatDecoder
{
    public static int ElementBytes => 2;
    public static float ActivationScale => Avx2Kernels.Prescale;

    /// <summary>The decoded value is w x 2^-112 (binary32 bias 127 minus binary16 bias 15); activations carry 2^64.</summary>
    public static float SumFactor => 281474976710656f; // 2^48

    public static ReadOnlySpan<byte> Order => Natural.Order;

    /// <summary>
    /// Sign-extend to 32 bits and shift left 13: exponent and mantissa land in binary32's fields,
    /// the sign in bit 28 and its copies in 29-31; the mask keeps bit 31 as the sign. vpmovsxwd
    /// from memory measured faster here than a load plus vpunpck (bench/RESULTS.md, "decoders").
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Decode32(byte* codes, out Vector256<float> d0, out Vector256<float> d1, out Vector256<float> d2, out Vector256<float> d3)
    {
        short* h = (short*)codes;
        d0 = Natural.Decode(Avx2.ConvertToVector256Int32(h), 13, unchecked((int)0x8FFF_E000));
        d1 = Natural.Decode(Avx2.ConvertToVector256Int32(h + 8), 13, unchecked((int)0x8FFF_E000));
        d2 = Natural.Decode(Avx2.ConvertToVector256Int32(h + 16), 13, unchecked((int)0x8FFF_E000));
        d3 = Natural.Decode(Avx2.ConvertToVector256Int32(h + 24), 13, unchecked((int)0x8FFF_E000));
    }
}

internal unsafe struct E4M3Decoder : IFloatDecoder
{
    public static int ElementBytes => 1;
    public static float ActivationScale => Avx2Kernels.Prescale;

    /// <summary>The decoded value is w x 2^-120 (bias 127 minus 7); activations carry 2^64.</summary>
    public static float SumFactor => 72057594037927936f; // 2^56

    public static ReadOnlySpan<byte> Order => Natural.Order;

    /// <summary>Sign-extend, shift left 20, mask: sign to bit 31, exponent and mantissa to binary32's fields.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Decode32(byte* codes, out Vector256<float> d0, out Vector256<float> d1, out Vector256<float> d2, out Vector256<float> d3)
    {
        sbyte* c = (sbyte*)codes;
        d0 = Natural.Decode(Avx2.ConvertToVector256Int32(c), 20, unchecked((int)0x87F0_0000));
        d1 = Natural.Decode(Avx2.ConvertToVector256Int32(c + 8), 20, unchecked((int)0x87F0_0000));
        d2 = Natural.Decode(Avx2.ConvertToVector256Int32(c + 16), 20, unchecked((int)0x87F0_0000));
        d3 = Natural.Decode(Avx2.ConvertToVector256Int32(c + 24), 20, unchecked((int)0x87F0_0000));
    }
}

internal unsafe struct E5M2Decoder : IFloatDecoder
{
    public static int ElementBytes => 1;
    public static float ActivationScale => Avx2Kernels.Prescale;

    /// <summary>E5M2 is the top byte of a binary16: the decoded value is w x 2^-112.</summary>
    public static float SumFactor => 281474976710656f; // 2^48

    public static ReadOnlySpan<byte> Order => Natural.Order;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Decode32(byte* codes, out Vector256<float> d0, out Vector256<float> d1, out Vector256<float> d2, out Vector256<float> d3)
    {
        sbyte* c = (sbyte*)codes;
        d0 = Natural.Decode(Avx2.ConvertToVector256Int32(c), 21, unchecked((int)0x8FE0_0000));
        d1 = Natural.Decode(Avx2.ConvertToVector256Int32(c + 8), 21, unchecked((int)0x8FE0_0000));
        d2 = Natural.Decode(Avx2.ConvertToVector256Int32(c + 16), 21, unchecked((int)0x8FE0_0000));
        d3 = Natural.Decode(Avx2.ConvertToVector256Int32(c + 24), 21, unchecked((int)0x8FE0_0000));
    }
}

internal unsafe struct F32Decoder : IFloatDecoder
{
    public static int ElementBytes => 4;
    public static float ActivationScale => 1f;
    public static float SumFactor => 1f;

    /// <summary>Identity: F32 kernels read the activations as given.</summary>
    public static ReadOnlySpan<byte> Order => Natural.Order;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Decode32(byte* codes, out Vector256<float> d0, out Vector256<float> d1, out Vector256<float> d2, out Vector256<float> d3)
    {
        float* f = (float*)codes;
        (d0, d1, d2, d3) = (Avx.LoadVector256(f), Avx.LoadVector256(f + 8), Avx.LoadVector256(f + 16), Avx.LoadVector256(f + 24));
    }
}
