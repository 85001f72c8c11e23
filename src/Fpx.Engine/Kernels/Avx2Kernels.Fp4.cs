using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Fpx.Engine.Kernels;

internal static unsafe partial class Avx2Kernels
{
    /// <summary>
    /// 2 x E2M1 + 12 for each of the 16 codes, in both 128-bit lanes, for vpshufb. The +12 makes
    /// every entry unsigned (0..24), so it feeds vpmaddubsw's unsigned operand directly; the offset
    /// comes back out per block as 12 x (sum of the block's int8 activations), precomputed when the
    /// activations are quantized (shared/KERNEL-NOTES.md, "FP4 lookup without the sign trick").
    /// Doubling makes ±0.5 and ±1.5 integers; the 1/2 is folded into the activation scales.
    /// </summary>
    private static readonly Vector256<byte> OffsetDoubledE2M1 = Vector256.Create(
        (byte)12, 13, 14, 15, 16, 18, 20, 24, 12, 11, 10, 9, 8, 6, 4, 0,
        12, 13, 14, 15, 16, 18, 20, 24, 12, 11, 10, 9, 8, 6, 4, 0);

    /// <summary>
    /// Rows of MXFP4 or NVFP4 against int8 activations. One 32-byte load holds two blocks of 32
    /// elements ("a pair"); its low nibbles are the even elements and its high nibbles the odd ones,
    /// matching the activation order of <see cref="Q8Activations"/>. Per pair: and, shift, two
    /// byte lookups, then per activation vector two vpmaddubsw, vpaddw, vpmaddwd, a conversion and
    /// one FMA with the per-lane scale (weight block scale x activation block scale / 2).
    /// </summary>
    private static void Fp4Rows<TScales>(ref MatMulArgs a, int rowStart, int rowEnd) where TScales : struct, IFp4Scales
    {
        for (int r = rowStart; r < rowEnd; r++)
        {
            for (int v = 0; v < a.Batch;)
            {
                switch (a.Batch - v)
                {
                    case 1:
                        Fp4Row<TScales, Width1>(ref a, r, v);
                        v += 1;
                        break;
                    case 2:
                    case 3:
                        Fp4Row<TScales, Width2>(ref a, r, v);
                        v += 2;
                        break;
                    default:
                        Fp4Row<TScales, Width4>(ref a, r, v);
                        v += 4;
                        break;
                }
            }
        }
    }

    private static void Fp4Row<TScales, TWidth>(ref MatMulArgs a, int row, int firstVector)
        where TScales : struct, IFp4Scales where TWidth : struct, IBatchWidth
    {
        var w = a.W;
        var q8 = a.Q8!;
        int pairs = w.Cols / 64;
        int groups = pairs / 4;
        byte* codes = w.Codes + row * w.CodeRowBytes;
        byte* scales = w.BlockScales + (long)row * w.BlocksPerRow;

        long valueStride = q8.VectorValueStride;
        long pairStride = q8.PairScaleStride;
        long correctionStride = TScales.CorrectionStride(q8);
        sbyte* x0 = q8.Values + firstVector * valueStride;
        float* p0 = q8.PairScales + firstVector * pairStride;
        float* c0 = TScales.Corrections(q8) + firstVector * correctionStride;

        var mask = Vector256.Create((byte)0x0F);
        var ones = Vector256.Create((short)1);
        var table = OffsetDoubledE2M1;
        var acc0 = Vector256<float>.Zero;
        var acc1 = Vector256<float>.Zero;
        var acc2 = Vector256<float>.Zero;
        var acc3 = Vector256<float>.Zero;

        for (int pair = 0; pair < pairs; pair++)
        {
            // Weight scales for this pair, one per lane; the block offsets' corrections go in per group.
            Vector256<float> weightScale;
            if (pair < groups * 4)
            {
                weightScale = TScales.GroupPairScale(scales, pair);
                if ((pair & 3) == 0)
                {
                    int g = pair >> 2;
                    acc0 = TScales.SubtractCorrections(scales, g, c0, acc0);
                    if (TWidth.N > 1) acc1 = TScales.SubtractCorrections(scales, g, c0 + correctionStride, acc1);
                    if (TWidth.N > 2) acc2 = TScales.SubtractCorrections(scales, g, c0 + 2 * correctionStride, acc2);
                    if (TWidth.N > 3) acc3 = TScales.SubtractCorrections(scales, g, c0 + 3 * correctionStride, acc3);
                }
            }
            else
            {
                weightScale = TScales.TailPairScale(scales, pair);
                acc0 = TScales.SubtractTailCorrections(scales, pair, c0, acc0);
                if (TWidth.N > 1) acc1 = TScales.SubtractTailCorrections(scales, pair, c0 + correctionStride, acc1);
                if (TWidth.N > 2) acc2 = TScales.SubtractTailCorrections(scales, pair, c0 + 2 * correctionStride, acc2);
                if (TWidth.N > 3) acc3 = TScales.SubtractTailCorrections(scales, pair, c0 + 3 * correctionStride, acc3);
            }

            var packed = Avx.LoadVector256(codes + pair * 32);
            var low = Avx2.Shuffle(table, Avx2.And(packed, mask));
            var high = Avx2.Shuffle(table, Avx2.And(Avx2.ShiftRightLogical(packed.AsUInt16(), 4).AsByte(), mask));
            long at = pair * 64L;
            acc0 = PairDot(low, high, x0 + at, weightScale, p0 + pair * 8, ones, acc0);
            if (TWidth.N > 1) acc1 = PairDot(low, high, x0 + valueStride + at, weightScale, p0 + pairStride + pair * 8, ones, acc1);
            if (TWidth.N > 2) acc2 = PairDot(low, high, x0 + 2 * valueStride + at, weightScale, p0 + 2 * pairStride + pair * 8, ones, acc2);
            if (TWidth.N > 3) acc3 = PairDot(low, high, x0 + 3 * valueStride + at, weightScale, p0 + 3 * pairStride + pair * 8, ones, acc3);
        }

        float factor = TScales.TensorFactor(w);
        int tail = pairs * 64;
        a.Y[(long)firstVector * w.Rows + row] = (Vector256.Sum(acc0) + Fp4Tail(w, q8, row, firstVector, tail)) * factor;
        if (TWidth.N > 1) a.Y[(long)(firstVector + 1) * w.Rows + row] = (Vector256.Sum(acc1) + Fp4Tail(w, q8, row, firstVector + 1, tail)) * factor;
        if (TWidth.N > 2) a.Y[(long)(firstVector + 2) * w.Rows + row] = (Vector256.Sum(acc2) + Fp4Tail(w, q8, row, firstVector + 2, tail)) * factor;
        if (TWidth.N > 3) a.Y[(long)(firstVector + 3) * w.Rows + row] = (Vector256.Sum(acc3) + Fp4Tail(w, q8, row, firstVector + 3, tail)) * factor;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> PairDot(Vector256<byte> low, Vector256<byte> high, sbyte* x, Vector256<float> weightScale,
        float* activationScale, Vector256<short> ones, Vector256<float> acc)
    {
        var sums16 = Avx2.Add(
            Avx2.MultiplyAddAdjacent(low, Avx.LoadVector256(x)),
            Avx2.MultiplyAddAdjacent(high, Avx.LoadVector256(x + 32)));
        var sums32 = Avx2.MultiplyAddAdjacent(sums16, ones);
        var scale = Avx.Multiply(weightScale, Avx.LoadVector256(activationScale));
        return Fma.MultiplyAdd(Avx.ConvertToVector256Single(sums32), scale, acc);
    }

    /// <summary>Elements after the last full pair, computed as the scalar reference does (without the offset).</summary>
    private static float Fp4Tail(Quant.QuantizedMatrix w, Q8Activations q8, int row, int vector, int start)
    {
        if (start >= w.Cols)
        {
            return 0;
        }
        byte* codes = w.Codes + row * w.CodeRowBytes;
        byte* scales = w.BlockScales + (long)row * w.BlocksPerRow;
        sbyte* values = q8.Values + vector * q8.VectorValueStride;
        bool nv = w.Format == Quant.WeightFormat.NvFp4;
        float sum = 0;
        for (int e = start; e < w.Cols; e++)
        {
            int code = (codes[e >> 1] >> ((e & 1) * 4)) & 0xF;
            float weightScale = nv ? Formats.ElementCodecs.UE4M3Table[scales[e / 16]] : Formats.ElementCodecs.E8M0Table[scales[e / 32]];
            sum += ScalarKernels.DoubledE2M1[code] * values[Q8Activations.Offset(e / 32, e % 32)]
                * weightScale * q8.Scales[vector * q8.Blocks + e / 32] * 0.5f;
        }
        return sum;
    }
}
