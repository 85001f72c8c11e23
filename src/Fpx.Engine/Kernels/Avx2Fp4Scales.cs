using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Fpx.Engine.Quant;

namespace Fpx.Engine.Kernels;

/// <summary>How the FP4 kernel turns a row's block scales into per-lane scales (MXFP4 or NVFP4).</summary>
internal unsafe interface IFp4Scales
{
    /// <summary>
    /// The weight scale of each int32 lane of pair <paramref name="pair"/> (in a full group of
    /// 4 pairs): lanes 0-3 hold elements 0..31 of the pair, lanes 4-7 elements 32..63.
    /// <paramref name="lanes"/> is the pair's permutation of the group's eight decoded scales (MXFP4).
    /// </summary>
    static abstract Vector256<float> PairScale(byte* scales, int pair, Vector256<int> lanes);

    /// <summary>The same for a pair after the last full group, built one scale at a time.</summary>
    static abstract Vector256<float> TailPairScale(byte* scales, int pair);

    /// <summary>acc - (weight scale x offset correction) over the blocks of group <paramref name="group"/>.</summary>
    static abstract Vector256<float> SubtractCorrections(byte* scales, int group, float* corrections, Vector256<float> acc);

    /// <summary>The same for the blocks of one tail pair.</summary>
    static abstract Vector256<float> SubtractTailCorrections(byte* scales, int pair, float* corrections, Vector256<float> acc);

    /// <summary>Weight scales of a pair whose second block of 32 does not exist: that block's lanes are 0.</summary>
    static abstract Vector256<float> HalfPairScale(byte* scales, int pair);

    /// <summary>acc - (weight scale x offset correction) over the first block of 32 of pair <paramref name="pair"/> only.</summary>
    static abstract Vector256<float> SubtractHalfPairCorrection(byte* scales, int pair, float* corrections, Vector256<float> acc);

    static abstract float* Corrections(Q8Activations q8);

    static abstract long CorrectionStride(Q8Activations q8);

    /// <summary>The per-tensor factor applied once per output.</summary>
    static abstract float TensorFactor(QuantizedMatrix w);
}

/// <summary>MXFP4: one E8M0 scale per 32, so lanes 0-3 of a pair take block 2p's and lanes 4-7 block 2p+1's.</summary>
internal unsafe struct MxScales : IFp4Scales
{
    /// <summary>Eight E8M0 codes as floats: the code shifted into the exponent field (quantizers emit codes 1..254).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Decode8(byte* codes) =>
        Avx2.ShiftLeftLogical(Avx2.ConvertToVector256Int32(codes), 23).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> PairScale(byte* scales, int pair, Vector256<int> lanes) =>
        Avx2.PermuteVar8x32(Decode8(scales + (pair >> 2) * 8), lanes);

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

    public static Vector256<float> HalfPairScale(byte* scales, int pair) =>
        Vector256.Create(Vector128.Create(Formats.ElementCodecs.E8M0Table[scales[2 * pair]]), Vector128<float>.Zero);

    public static Vector256<float> SubtractHalfPairCorrection(byte* scales, int pair, float* corrections, Vector256<float> acc) =>
        acc - Vector256.CreateScalar(Formats.ElementCodecs.E8M0Table[scales[2 * pair]] * corrections[2 * pair]);

    public static float* Corrections(Q8Activations q8) => q8.Corrections32;

    public static long CorrectionStride(Q8Activations q8) => q8.Correction32Stride;

    public static float TensorFactor(QuantizedMatrix w) => 1f;
}

/// <summary>NVFP4: one UE4M3 scale per 16, so each two int32 lanes have their own block.</summary>
internal unsafe struct NvScales : IFp4Scales
{
    /// <summary>
    /// Eight UE4M3 codes as floats: shift into binary32's fields and add the bias difference
    /// (127 - 7) to the exponent. Exact for normal codes, which are all the quantizer emits besides
    /// 0 (RowQuantizer.MinNvScaleCode). Code 0 decodes to 2^-7 here instead of 0; it only marks
    /// all-zero blocks, whose integer sums and offset corrections cancel whatever the scale.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Decode8(byte* codes) =>
        Avx2.Add(Avx2.ShiftLeftLogical(Avx2.ConvertToVector256Int32(codes), 20), Vector256.Create(120 << 23)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> PairScale(byte* scales, int pair, Vector256<int> lanes) =>
        Avx2.PermuteVar8x32(Decode8(scales + (pair >> 1) * 8),
            (pair & 1) == 0 ? Vector256.Create(0, 0, 1, 1, 2, 2, 3, 3) : Vector256.Create(4, 4, 5, 5, 6, 6, 7, 7));

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

    public static Vector256<float> HalfPairScale(byte* scales, int pair)
    {
        var t = Formats.ElementCodecs.UE4M3Table;
        byte* s = scales + pair * 4;
        return Vector256.Create(t[s[0]], t[s[0]], t[s[1]], t[s[1]], 0, 0, 0, 0);
    }

    public static Vector256<float> SubtractHalfPairCorrection(byte* scales, int pair, float* corrections, Vector256<float> acc)
    {
        var t = Formats.ElementCodecs.UE4M3Table;
        return acc - Vector256.CreateScalar(t[scales[pair * 4]] * corrections[pair * 4] + t[scales[pair * 4 + 1]] * corrections[pair * 4 + 1]);
    }

    public static float* Corrections(Q8Activations q8) => q8.Corrections16;

    public static long CorrectionStride(Q8Activations q8) => q8.Correction16Stride;

    public static float TensorFactor(QuantizedMatrix w) => w.TensorScale;
}

/// <summary>How many weight rows a kernel tile covers; a JIT-time constant.</summary>
internal interface IRowCount
{
    static abstract int N { get; }
}

internal struct Rows1 : IRowCount
{
    public static int N => 1;
}

internal struct Rows4 : IRowCount
{
    public static int N => 4;
}

/// <summary>How many activation vectors a kernel tile covers; a JIT-time constant.</summary>
internal interface IBatchWidth
{
    static abstract int N { get; }
}

internal struct Width2 : IBatchWidth
{
    public static int N => 2;
}

internal struct Width4 : IBatchWidth
{
    public static int N => 4;
}
