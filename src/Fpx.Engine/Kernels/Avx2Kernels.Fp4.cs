using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Fpx.Engine.Kernels;

internal static unsafe partial class Avx2Kernels
{
    /// <summary>
    /// Rows of MXFP4 or NVFP4 against int8 activations, four rows at a time so that each
    /// activation load serves four rows. One 32-byte load of packed codes holds two blocks of 32
    /// elements ("a pair"); its low nibbles are the even elements and its high nibbles the odd
    /// ones, matching the activation order of <see cref="Q8Activations"/>.
    /// </summary>
    /// <remarks>
    /// The byte lookup table holds 2 x E2M1 + 12 for each code: unsigned (0..24), so it feeds
    /// vpmaddubsw's unsigned operand directly; the +12 comes back out once per block as
    /// 12 x (sum of the block's int8 activations), precomputed when the activations are quantized
    /// (shared/KERNEL-NOTES.md, "FP4 lookup without the sign trick"). Doubling makes ±0.5 and ±1.5
    /// integers; the 1/2 is folded into the activation scales.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Fp4Rows<TScales>(ref MatMulArgs a, int rowStart, int rowEnd) where TScales : struct, IFp4Scales
    {
        if (a.Batch > 1)
        {
            // Several vectors: decode each row once and use it for up to four vectors.
            for (int r = rowStart; r < rowEnd; r++)
            {
                int v = 0;
                for (; v + 4 <= a.Batch; v += 4)
                {
                    Fp4RowVectors<TScales, Width4>(ref a, r, v);
                }
                for (; v + 2 <= a.Batch; v += 2)
                {
                    Fp4RowVectors<TScales, Width2>(ref a, r, v);
                }
                if (v < a.Batch)
                {
                    Fp4Tile<TScales, Rows1>(ref a, r, v);
                }
            }
            return;
        }
        // One vector: four rows at a time share each activation load.
        int row = rowStart;
        for (; row + 4 <= rowEnd; row += 4)
        {
            Fp4Tile<TScales, Rows4>(ref a, row, 0);
        }
        for (; row < rowEnd; row++)
        {
            Fp4Tile<TScales, Rows1>(ref a, row, 0);
        }
    }

    /// <summary>One row against two or four activation vectors: the codes are decoded once per pair.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Fp4RowVectors<TScales, TWidth>(ref MatMulArgs a, int row, int firstVector)
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
        sbyte* x = q8.Values + firstVector * valueStride;
        float* pairScales = q8.PairScales + firstVector * pairStride;
        float* corrections = TScales.Corrections(q8) + firstVector * correctionStride;

        var acc0 = Vector256<float>.Zero;
        var acc1 = Vector256<float>.Zero;
        var acc2 = Vector256<float>.Zero;
        var acc3 = Vector256<float>.Zero;
        for (int g = 0; g < groups; g++)
        {
            acc0 = TScales.SubtractCorrections(scales, g, corrections, acc0);
            acc1 = TScales.SubtractCorrections(scales, g, corrections + correctionStride, acc1);
            if (TWidth.N > 2)
            {
                acc2 = TScales.SubtractCorrections(scales, g, corrections + 2 * correctionStride, acc2);
                acc3 = TScales.SubtractCorrections(scales, g, corrections + 3 * correctionStride, acc3);
            }
            for (int k = 0; k < 4; k++)
            {
                int pair = g * 4 + k;
                var lanes = Vector256.Create(0, 0, 0, 0, 1, 1, 1, 1) + Vector256.Create(2 * k);
                var weightScale = TScales.PairScale(scales, pair, lanes);
                DecodePair(codes + pair * 32L, out var low, out var high);
                long at = pair * 64L, scaleAt = pair * 8L;
                acc0 = DotDecoded(low, high, x + at, Avx.Multiply(weightScale, Avx.LoadVector256(pairScales + scaleAt)), acc0);
                acc1 = DotDecoded(low, high, x + valueStride + at, Avx.Multiply(weightScale, Avx.LoadVector256(pairScales + pairStride + scaleAt)), acc1);
                if (TWidth.N > 2)
                {
                    acc2 = DotDecoded(low, high, x + 2 * valueStride + at, Avx.Multiply(weightScale, Avx.LoadVector256(pairScales + 2 * pairStride + scaleAt)), acc2);
                    acc3 = DotDecoded(low, high, x + 3 * valueStride + at, Avx.Multiply(weightScale, Avx.LoadVector256(pairScales + 3 * pairStride + scaleAt)), acc3);
                }
            }
        }
        // Pairs after the last group, still decoded once for all the vectors: small models' rows
        // (96 to 384 columns) are mostly such pairs.
        for (int pair = groups * 4; pair < pairs; pair++)
        {
            var weightScale = TScales.TailPairScale(scales, pair);
            DecodePair(codes + pair * 32L, out var low, out var high);
            long at = pair * 64L, scaleAt = pair * 8L;
            acc0 = TScales.SubtractTailCorrections(scales, pair, corrections, acc0);
            acc1 = TScales.SubtractTailCorrections(scales, pair, corrections + correctionStride, acc1);
            acc0 = DotDecoded(low, high, x + at, Avx.Multiply(weightScale, Avx.LoadVector256(pairScales + scaleAt)), acc0);
            acc1 = DotDecoded(low, high, x + valueStride + at, Avx.Multiply(weightScale, Avx.LoadVector256(pairScales + pairStride + scaleAt)), acc1);
            if (TWidth.N > 2)
            {
                acc2 = TScales.SubtractTailCorrections(scales, pair, corrections + 2 * correctionStride, acc2);
                acc3 = TScales.SubtractTailCorrections(scales, pair, corrections + 3 * correctionStride, acc3);
                acc2 = DotDecoded(low, high, x + 2 * valueStride + at, Avx.Multiply(weightScale, Avx.LoadVector256(pairScales + 2 * pairStride + scaleAt)), acc2);
                acc3 = DotDecoded(low, high, x + 3 * valueStride + at, Avx.Multiply(weightScale, Avx.LoadVector256(pairScales + 3 * pairStride + scaleAt)), acc3);
            }
        }
        int tailElements = pairs * 64;
        if (w.Cols - tailElements == Q8Activations.BlockSize)
        {
            // A last lone block of 32 as half a pair for every vector.
            long at = pairs * 64L, scaleAt = pairs * 8L;
            byte* half = codes + pairs * 32L;
            acc0 = HalfPair<TScales>(half, scales, pairs, corrections, Avx.LoadVector256(x + at), Avx.LoadVector256(x + at + 32), Avx.LoadVector256(pairScales + scaleAt), acc0);
            acc1 = HalfPair<TScales>(half, scales, pairs, corrections + correctionStride, Avx.LoadVector256(x + valueStride + at), Avx.LoadVector256(x + valueStride + at + 32), Avx.LoadVector256(pairScales + pairStride + scaleAt), acc1);
            if (TWidth.N > 2)
            {
                acc2 = HalfPair<TScales>(half, scales, pairs, corrections + 2 * correctionStride, Avx.LoadVector256(x + 2 * valueStride + at), Avx.LoadVector256(x + 2 * valueStride + at + 32), Avx.LoadVector256(pairScales + 2 * pairStride + scaleAt), acc2);
                acc3 = HalfPair<TScales>(half, scales, pairs, corrections + 3 * correctionStride, Avx.LoadVector256(x + 3 * valueStride + at), Avx.LoadVector256(x + 3 * valueStride + at + 32), Avx.LoadVector256(pairScales + 3 * pairStride + scaleAt), acc3);
            }
            tailElements = w.Cols;
        }
        float factor = TScales.TensorFactor(w);
        Fp4Finish<TScales>(ref a, row, firstVector, acc0, pairs, pairs, tailElements, factor);
        Fp4Finish<TScales>(ref a, row, firstVector + 1, acc1, pairs, pairs, tailElements, factor);
        if (TWidth.N > 2)
        {
            Fp4Finish<TScales>(ref a, row, firstVector + 2, acc2, pairs, pairs, tailElements, factor);
            Fp4Finish<TScales>(ref a, row, firstVector + 3, acc3, pairs, pairs, tailElements, factor);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Fp4Tile<TScales, TRows>(ref MatMulArgs a, int row, int vector)
        where TScales : struct, IFp4Scales where TRows : struct, IRowCount
    {
        var w = a.W;
        var q8 = a.Q8!;
        int pairs = w.Cols / 64;
        int groups = pairs / 4;
        long codeStride = w.CodeRowBytes;
        int scaleStride = w.BlocksPerRow;
        byte* c0 = w.Codes + row * codeStride;
        byte* s0 = w.BlockScales + (long)row * scaleStride;
        sbyte* x = q8.Values + vector * q8.VectorValueStride;
        float* pairScales = q8.PairScales + vector * q8.PairScaleStride;
        float* corrections = TScales.Corrections(q8) + vector * TScales.CorrectionStride(q8);

        var acc0 = Vector256<float>.Zero;
        var acc1 = Vector256<float>.Zero;
        var acc2 = Vector256<float>.Zero;
        var acc3 = Vector256<float>.Zero;

        for (int g = 0; g < groups; g++)
        {
            acc0 = TScales.SubtractCorrections(s0, g, corrections, acc0);
            if (TRows.N > 1)
            {
                acc1 = TScales.SubtractCorrections(s0 + scaleStride, g, corrections, acc1);
                acc2 = TScales.SubtractCorrections(s0 + 2 * scaleStride, g, corrections, acc2);
                acc3 = TScales.SubtractCorrections(s0 + 3 * scaleStride, g, corrections, acc3);
            }
            int first = g * 4;
            Fp4Pair<TScales, TRows>(c0, codeStride, s0, scaleStride, x, pairScales, first, Vector256.Create(0, 0, 0, 0, 1, 1, 1, 1), ref acc0, ref acc1, ref acc2, ref acc3);
            Fp4Pair<TScales, TRows>(c0, codeStride, s0, scaleStride, x, pairScales, first + 1, Vector256.Create(2, 2, 2, 2, 3, 3, 3, 3), ref acc0, ref acc1, ref acc2, ref acc3);
            Fp4Pair<TScales, TRows>(c0, codeStride, s0, scaleStride, x, pairScales, first + 2, Vector256.Create(4, 4, 4, 4, 5, 5, 5, 5), ref acc0, ref acc1, ref acc2, ref acc3);
            Fp4Pair<TScales, TRows>(c0, codeStride, s0, scaleStride, x, pairScales, first + 3, Vector256.Create(6, 6, 6, 6, 7, 7, 7, 7), ref acc0, ref acc1, ref acc2, ref acc3);
        }

        // Pairs after the last group, with the tile's shared activation loads (most of a small
        // model's rows: 96 to 384 columns).
        for (int pair = groups * 4; pair < pairs; pair++)
        {
            var xa = Avx.LoadVector256(x + pair * 64L);
            var xb = Avx.LoadVector256(x + pair * 64L + 32);
            var activationScale = Avx.LoadVector256(pairScales + pair * 8L);
            long at = pair * 32L;
            acc0 = TScales.SubtractTailCorrections(s0, pair, corrections, acc0);
            acc0 = PairDot(c0 + at, xa, xb, Avx.Multiply(TScales.TailPairScale(s0, pair), activationScale), acc0);
            if (TRows.N > 1)
            {
                acc1 = TScales.SubtractTailCorrections(s0 + scaleStride, pair, corrections, acc1);
                acc2 = TScales.SubtractTailCorrections(s0 + 2 * scaleStride, pair, corrections, acc2);
                acc3 = TScales.SubtractTailCorrections(s0 + 3 * scaleStride, pair, corrections, acc3);
                acc1 = PairDot(c0 + codeStride + at, xa, xb, Avx.Multiply(TScales.TailPairScale(s0 + scaleStride, pair), activationScale), acc1);
                acc2 = PairDot(c0 + 2 * codeStride + at, xa, xb, Avx.Multiply(TScales.TailPairScale(s0 + 2 * scaleStride, pair), activationScale), acc2);
                acc3 = PairDot(c0 + 3 * codeStride + at, xa, xb, Avx.Multiply(TScales.TailPairScale(s0 + 3 * scaleStride, pair), activationScale), acc3);
            }
        }
        int tailElements = pairs * 64;
        if (w.Cols - tailElements == Q8Activations.BlockSize)
        {
            // A last lone block of 32 (hidden size 96, say) as half a pair, still shared.
            var xa = Avx.LoadVector256(x + pairs * 64L);
            var xb = Avx.LoadVector256(x + pairs * 64L + 32);
            var activationScale = Avx.LoadVector256(pairScales + pairs * 8L);
            long at = pairs * 32L;
            acc0 = HalfPair<TScales>(c0 + at, s0, pairs, corrections, xa, xb, activationScale, acc0);
            if (TRows.N > 1)
            {
                acc1 = HalfPair<TScales>(c0 + codeStride + at, s0 + scaleStride, pairs, corrections, xa, xb, activationScale, acc1);
                acc2 = HalfPair<TScales>(c0 + 2 * codeStride + at, s0 + 2 * scaleStride, pairs, corrections, xa, xb, activationScale, acc2);
                acc3 = HalfPair<TScales>(c0 + 3 * codeStride + at, s0 + 3 * scaleStride, pairs, corrections, xa, xb, activationScale, acc3);
            }
            tailElements = w.Cols;
        }
        float factor = TScales.TensorFactor(w);
        Fp4Finish<TScales>(ref a, row, vector, acc0, pairs, pairs, tailElements, factor);
        if (TRows.N > 1)
        {
            Fp4Finish<TScales>(ref a, row + 1, vector, acc1, pairs, pairs, tailElements, factor);
            Fp4Finish<TScales>(ref a, row + 2, vector, acc2, pairs, pairs, tailElements, factor);
            Fp4Finish<TScales>(ref a, row + 3, vector, acc3, pairs, pairs, tailElements, factor);
        }
    }

    /// <summary>One pair of blocks for every row of the tile: the activations are loaded once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Fp4Pair<TScales, TRows>(byte* codes, long codeStride, byte* scales, int scaleStride, sbyte* x, float* pairScales,
        int pair, Vector256<int> lanes, ref Vector256<float> acc0, ref Vector256<float> acc1, ref Vector256<float> acc2, ref Vector256<float> acc3)
        where TScales : struct, IFp4Scales where TRows : struct, IRowCount
    {
        var xa = Avx.LoadVector256(x + pair * 64L);
        var xb = Avx.LoadVector256(x + pair * 64L + 32);
        var activationScale = Avx.LoadVector256(pairScales + pair * 8L);
        long at = pair * 32L;
        acc0 = PairDot(codes + at, xa, xb, Avx.Multiply(TScales.PairScale(scales, pair, lanes), activationScale), acc0);
        if (TRows.N > 1)
        {
            acc1 = PairDot(codes + codeStride + at, xa, xb, Avx.Multiply(TScales.PairScale(scales + scaleStride, pair, lanes), activationScale), acc1);
            acc2 = PairDot(codes + 2 * codeStride + at, xa, xb, Avx.Multiply(TScales.PairScale(scales + 2 * scaleStride, pair, lanes), activationScale), acc2);
            acc3 = PairDot(codes + 3 * codeStride + at, xa, xb, Avx.Multiply(TScales.PairScale(scales + 3 * scaleStride, pair, lanes), activationScale), acc3);
        }
    }

    /// <summary>and, shift, two byte lookups, two vpmaddubsw, vpaddw, vpmaddwd, a conversion and an FMA.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> PairDot(byte* codes, Vector256<sbyte> xa, Vector256<sbyte> xb, Vector256<float> scale, Vector256<float> acc)
    {
        DecodePair(codes, out var low, out var high);
        return DotDecoded(low, high, xa, xb, scale, acc);
    }

    /// <summary>32 packed bytes to 64 table values (2 x E2M1 + 12): low nibbles (even elements), high nibbles (odd).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DecodePair(byte* codes, out Vector256<byte> low, out Vector256<byte> high) =>
        DecodePacked(Avx.LoadVector256(codes), out low, out high);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DecodePacked(Vector256<byte> packed, out Vector256<byte> low, out Vector256<byte> high)
    {
        var table = Vector256.Create(
            (byte)12, 13, 14, 15, 16, 18, 20, 24, 12, 11, 10, 9, 8, 6, 4, 0,
            12, 13, 14, 15, 16, 18, 20, 24, 12, 11, 10, 9, 8, 6, 4, 0);
        var mask = Vector256.Create((byte)0x0F);
        low = Avx2.Shuffle(table, Avx2.And(packed, mask));
        high = Avx2.Shuffle(table, Avx2.And(Avx2.ShiftRightLogical(packed.AsUInt16(), 4).AsByte(), mask));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> DotDecoded(Vector256<byte> low, Vector256<byte> high, Vector256<sbyte> xa, Vector256<sbyte> xb,
        Vector256<float> scale, Vector256<float> acc)
    {
        var sums16 = Avx2.Add(Avx2.MultiplyAddAdjacent(low, xa), Avx2.MultiplyAddAdjacent(high, xb));
        var sums32 = Avx2.MultiplyAddAdjacent(sums16, Vector256.Create((short)1));
        return Fma.MultiplyAdd(Avx.ConvertToVector256Single(sums32), scale, acc);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> DotDecoded(Vector256<byte> low, Vector256<byte> high, sbyte* x, Vector256<float> scale, Vector256<float> acc) =>
        DotDecoded(low, high, Avx.LoadVector256(x), Avx.LoadVector256(x + 32), scale, acc);

    /// <summary>Pairs from <paramref name="donePairs"/> on, then elements after the last full pair, then the output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Fp4Finish<TScales>(ref MatMulArgs a, int row, int vector, Vector256<float> acc, int donePairs, int pairs, int tailElements, float factor)
        where TScales : struct, IFp4Scales
    {
        if (donePairs == pairs && tailElements == a.W.Cols)
        {
            // Rows that are whole groups (any multiple of 256 columns): nothing left but the sum.
            a.Y[(long)vector * a.W.Rows + row] = Vector256.Sum(acc) * factor;
            return;
        }
        Fp4FinishTail<TScales>(ref a, row, vector, acc, donePairs, pairs, tailElements, factor);
    }

    private static void Fp4FinishTail<TScales>(ref MatMulArgs a, int row, int vector, Vector256<float> acc, int donePairs, int pairs, int tailElements, float factor)
        where TScales : struct, IFp4Scales
    {
        var w = a.W;
        var q8 = a.Q8!;
        byte* codes = w.Codes + row * w.CodeRowBytes;
        byte* scales = w.BlockScales + (long)row * w.BlocksPerRow;
        sbyte* x = q8.Values + vector * q8.VectorValueStride;
        float* pairScales = q8.PairScales + vector * q8.PairScaleStride;
        float* corrections = TScales.Corrections(q8) + vector * TScales.CorrectionStride(q8);
        for (int pair = donePairs; pair < pairs; pair++)
        {
            acc = TScales.SubtractTailCorrections(scales, pair, corrections, acc);
            var scale = Avx.Multiply(TScales.TailPairScale(scales, pair), Avx.LoadVector256(pairScales + pair * 8L));
            acc = PairDot(codes + pair * 32L, Avx.LoadVector256(x + pair * 64L), Avx.LoadVector256(x + pair * 64L + 32), scale, acc);
        }
        float tail = 0;
        if (w.Cols - tailElements == Q8Activations.BlockSize)
        {
            // One whole block left (e.g. 96 columns, a small model's hidden size): half a pair, in
            // vector code. The elementwise reference tail costs about 5x a whole matrix-vector here.
            acc = HalfPair<TScales>(codes + pairs * 32L, scales, pairs, corrections,
                Avx.LoadVector256(x + pairs * 64L), Avx.LoadVector256(x + pairs * 64L + 32), Avx.LoadVector256(pairScales + pairs * 8L), acc);
        }
        else
        {
            tail = Fp4Tail(w, q8, row, vector, tailElements);
        }
        a.Y[(long)vector * w.Rows + row] = (Vector256.Sum(acc) + tail) * factor;
    }

    /// <summary>
    /// A pair whose second block does not exist: the 16 code bytes of the first, zeros above. The
    /// activations' padding block holds zero values and zero scales and <see cref="IFp4Scales.HalfPairScale"/>
    /// zeroes lanes 4-7, so the missing half adds exactly nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> HalfPair<TScales>(byte* codes, byte* scales, int pair, float* corrections,
        Vector256<sbyte> xa, Vector256<sbyte> xb, Vector256<float> activationScale, Vector256<float> acc)
        where TScales : struct, IFp4Scales
    {
        acc = TScales.SubtractHalfPairCorrection(scales, pair, corrections, acc);
        DecodePacked(Vector256.Create(Sse2.LoadVector128(codes), Vector128<byte>.Zero), out var low, out var high);
        return DotDecoded(low, high, xa, xb, Avx.Multiply(TScales.HalfPairScale(scales, pair), activationScale), acc);
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
