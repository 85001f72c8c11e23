using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Fpx.Engine.Quant;

namespace Fpx.Engine.Kernels;

/// <summary>How the FP4 kernel turns a row's block scales into per-lane scales (MXFP4 or NVFP4).</summary>
internal unsafe interface IFp4Scales
{
    /// <summary>Weight scale for each int32 lane of a pair in a full group of 4 pairs (256 elements).</summary>
    static abstract Vector256<float> GroupPairScale(byte* scales, int pair);

    /// <summary>The same for a pair after the last full group, built one scale at a time.</summary>
    static abstract Vector256<float> TailPairScale(byte* scales, int pair);

    /// <summary>acc - (weight scale x offset correction) over the blocks of group <paramref name="group"/>.</summary>
    static abstract Vector256<float> SubtractCorrections(byte* scales, int group, float* corrections, Vector256<float> acc);

    /// <summary>The same for the blocks of one tail pair.</summary>
    static abstract Vector256<float> SubtractTailCorrections(byte* scales, int pair, float* corrections, Vector256<float> acc);

    static abstract float* Corrections(Q8Activations q8);

    static abstract long CorrectionStride(Q8Activations q8);

    /// <summary>The per-tensor factor applied once per output.</summary>
    static abstract float TensorFactor(QuantizedMatrix w);
}

/// <summary>MXFP4: one E8M0 scale per 32, so lanes 0-3 of a pair take block 2p's and lanes 4-7 block 2p+1's.</summary>
internal unsafe struct MxScales : IFp4Scales
{
    private static readonly Vector256<int> Pair0 = Vector256.Create(0, 0, 0, 0, 1, 1, 1, 1);
    private static readonly Vector256<int> Pair1 = Vector256.Create(2, 2, 2, 2, 3, 3, 3, 3);
    private static readonly Vector256<int> Pair2 = Vector256.Create(4, 4, 4, 4, 5, 5, 5, 5);
    private static readonly Vector256<int> Pair3 = Vector256.Create(6, 6, 6, 6, 7, 7, 7, 7);

    /// <summary>Eight E8M0 codes as floats: the code shifted into the exponent field (codes are 1..254).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Decode8(byte* codes) =>
        Avx2.ShiftLeftLogical(Avx2.ConvertToVector256Int32(codes), 23).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> GroupPairScale(byte* scales, int pair)
    {
        var eight = Decode8(scales + (pair >> 2) * 8);
        return (pair & 3) switch
        {
            0 => Avx2.PermuteVar8x32(eight, Pair0),
            1 => Avx2.PermuteVar8x32(eight, Pair1),
            2 => Avx2.PermuteVar8x32(eight, Pair2),
            _ => Avx2.PermuteVar8x32(eight, Pair3),
        };
    }

    public static Vector256<float> TailPairScale(byte* scales, int pair)
    {
        float s0 = Formats.ElementCodecs.E8M0Table[scales[2 * pair]];
        float s1 = Formats.ElementCodecs.E8M0Table[scales[2 * pair + 1]];
        return Vector256.Create(Vector128.Create(s0), Vector128.Create(s1));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> SubtractCorrections(byte* scales, int group, float* corrections, Vector256<float> acc) =>
        Fma.MultiplyAddNegated(Decode8(scales + group * 8), Avx.LoadVector256(corrections + group * 8), acc);

    public static Vector256<float> SubtractTailCorrections(byte* scales, int pair, float* corrections, Vector256<float> acc)
    {
        float c = Formats.ElementCodecs.E8M0Table[scales[2 * pair]] * corrections[2 * pair]
                  + Formats.ElementCodecs.E8M0Table[scales[2 * pair + 1]] * corrections[2 * pair + 1];
        return acc - Vector256.CreateScalar(c);
    }

    public static float* Corrections(Q8Activations q8) => q8.Corrections32;

    public static long CorrectionStride(Q8Activations q8) => q8.Correction32Stride;

    public static float TensorFactor(QuantizedMatrix w) => 1f;
}

/// <summary>NVFP4: one UE4M3 scale per 16, so each pair of int32 lanes has its own block.</summary>
internal unsafe struct NvScales : IFp4Scales
{
    private static readonly Vector256<int> Low = Vector256.Create(0, 0, 1, 1, 2, 2, 3, 3);
    private static readonly Vector256<int> High = Vector256.Create(4, 4, 5, 5, 6, 6, 7, 7);

    /// <summary>
    /// Eight UE4M3 codes as floats. Normal codes: shift into binary32's fields and add the bias
    /// difference (127 - 7) to the exponent. Subnormal codes (exponent 0): mantissa x 2^-9. Code 0x7F
    /// (NaN) is never written by the quantizer.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Decode8(byte* codes)
    {
        var v = Avx2.ConvertToVector256Int32(codes);
        var normal = Avx2.Add(Avx2.ShiftLeftLogical(v, 20), Vector256.Create(120 << 23)).AsSingle();
        var subnormal = Avx.Multiply(Avx.ConvertToVector256Single(Avx2.And(v, Vector256.Create(7))), Vector256.Create((1f / 512)));
        var isSubnormal = Avx2.CompareEqual(Avx2.And(v, Vector256.Create(0x78)), Vector256<int>.Zero).AsSingle();
        return Avx.BlendVariable(normal, subnormal, isSubnormal);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> GroupPairScale(byte* scales, int pair)
    {
        var eight = Decode8(scales + (pair >> 1) * 8);
        return (pair & 1) == 0 ? Avx2.PermuteVar8x32(eight, Low) : Avx2.PermuteVar8x32(eight, High);
    }

    public static Vector256<float> TailPairScale(byte* scales, int pair)
    {
        var t = Formats.ElementCodecs.UE4M3Table;
        byte* s = scales + pair * 4;
        return Vector256.Create(t[s[0]], t[s[0]], t[s[1]], t[s[1]], t[s[2]], t[s[2]], t[s[3]], t[s[3]]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> SubtractCorrections(byte* scales, int group, float* corrections, Vector256<float> acc)
    {
        acc = Fma.MultiplyAddNegated(Decode8(scales + group * 16), Avx.LoadVector256(corrections + group * 16), acc);
        return Fma.MultiplyAddNegated(Decode8(scales + group * 16 + 8), Avx.LoadVector256(corrections + group * 16 + 8), acc);
    }

    public static Vector256<float> SubtractTailCorrections(byte* scales, int pair, float* corrections, Vector256<float> acc)
    {
        var t = Formats.ElementCodecs.UE4M3Table;
        float c = 0;
        for (int k = 0; k < 4; k++)
        {
            c += t[scales[pair * 4 + k]] * corrections[pair * 4 + k];
        }
        return acc - Vector256.CreateScalar(c);
    }

    public static float* Corrections(Q8Activations q8) => q8.Corrections16;

    public static long CorrectionStride(Q8Activations q8) => q8.Correction16Stride;

    public static float TensorFactor(QuantizedMatrix w) => w.TensorScale;
}

/// <summary>How many activation vectors a kernel call handles; a JIT-time constant.</summary>
internal interface IBatchWidth
{
    static abstract int N { get; }
}

internal struct Width1 : IBatchWidth
{
    public static int N => 1;
}

internal struct Width2 : IBatchWidth
{
    public static int N => 2;
}

internal struct Width4 : IBatchWidth
{
    public static int N => 4;
}
