using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Fpx.Engine.Kernels;

/// <summary>
/// AVX2 quantization of an activation vector into <see cref="Q8Activations"/>: the same arithmetic
/// as <see cref="Q8Activations.QuantizeScalar"/> (x x (127 / amax), rounded to nearest even by
/// vcvtps2dq), so both give identical int8 values.
/// </summary>
internal static unsafe class Avx2Q8Quantizer
{
    public static void Quantize(Q8Activations q8, ReadOnlySpan<float> x, int vector)
    {
        int fullBlocks = x.Length / Q8Activations.BlockSize;
        if (fullBlocks < q8.Blocks)
        {
            q8.QuantizeScalar(x, vector); // a partial last block: rare shapes; keep one definition
            q8.BuildKernelTables(vector);
            return;
        }
        sbyte* values = q8.Values + vector * q8.VectorValueStride;
        var absMask = Vector256.Create(0x7FFF_FFFF).AsSingle();
        fixed (float* xp = x)
        {
            for (int b = 0; b < fullBlocks; b++)
            {
                float* block = xp + b * Q8Activations.BlockSize;
                var v0 = Avx.LoadVector256(block);
                var v1 = Avx.LoadVector256(block + 8);
                var v2 = Avx.LoadVector256(block + 16);
                var v3 = Avx.LoadVector256(block + 24);
                var max = Avx.Max(Avx.Max(Avx.And(v0, absMask), Avx.And(v1, absMask)),
                                  Avx.Max(Avx.And(v2, absMask), Avx.And(v3, absMask)));
                float amax = Vector256.Max(max, Vector256<float>.Zero) is var m ? HorizontalMax(m) : 0;
                float inverse = amax == 0 ? 0 : 127f / amax;
                var scale = Vector256.Create(inverse);
                // Round to nearest even (vcvtps2dq); |x| x 127 / amax never exceeds 127, so packing never saturates.
                var i0 = Avx.ConvertToVector256Int32(Avx.Multiply(v0, scale));
                var i1 = Avx.ConvertToVector256Int32(Avx.Multiply(v1, scale));
                var i2 = Avx.ConvertToVector256Int32(Avx.Multiply(v2, scale));
                var i3 = Avx.ConvertToVector256Int32(Avx.Multiply(v3, scale));
                int low = Vector256.Sum(Avx2.Add(i0, i1));
                int high = Vector256.Sum(Avx2.Add(i2, i3));

                // Packing works within 128-bit lanes: the bytes come out as dwords of elements
                // 0-3, 8-11, 16-19, 24-27 | 4-7, 12-15, 20-23, 28-31. Put each lane's 16 elements in
                // order, split each lane into evens and odds, then gather all evens and all odds.
                var bytes = Avx2.PackSignedSaturate(Avx2.PackSignedSaturate(i0, i1), Avx2.PackSignedSaturate(i2, i3));
                var ordered = Avx2.PermuteVar8x32(bytes.AsInt32(), Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7)).AsSByte();
                var split = Avx2.Shuffle(ordered, Vector256.Create(
                    (sbyte)0, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15,
                    0, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15));
                var evensThenOdds = Avx2.Permute4x64(split.AsInt64(), 0b_11_01_10_00).AsSByte();
                sbyte* pairBase = values + (b >> 1) * 64 + (b & 1) * 16;
                evensThenOdds.GetLower().Store(pairBase);
                evensThenOdds.GetUpper().Store(pairBase + 32);
                q8.Scales[vector * q8.Blocks + b] = amax / 127f;
                q8.HalfSums[(vector * q8.Blocks + b) * 2] = low;
                q8.HalfSums[(vector * q8.Blocks + b) * 2 + 1] = high;
            }
        }
        q8.ClearPadding(vector);
        q8.BuildKernelTables(vector);
    }

    private static float HorizontalMax(Vector256<float> v)
    {
        var m = Sse.Max(v.GetLower(), v.GetUpper());
        m = Sse.Max(m, Sse.Shuffle(m, m, 0b_01_00_11_10));
        m = Sse.Max(m, Sse.Shuffle(m, m, 0b_10_11_00_01));
        return m.ToScalar();
    }
}
