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
        int* ints = stackalloc int[Q8Activations.BlockSize];
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
                Avx.Store(ints, Avx.ConvertToVector256Int32(Avx.Multiply(v0, scale)));
                Avx.Store(ints + 8, Avx.ConvertToVector256Int32(Avx.Multiply(v1, scale)));
                Avx.Store(ints + 16, Avx.ConvertToVector256Int32(Avx.Multiply(v2, scale)));
                Avx.Store(ints + 24, Avx.ConvertToVector256Int32(Avx.Multiply(v3, scale)));

                int low = 0, high = 0;
                sbyte* pairBase = values + (b >> 1) * 64 + (b & 1) * 16;
                for (int i = 0; i < Q8Activations.BlockSize; i += 2)
                {
                    // Rounding x * (127 / amax) never exceeds 127 in magnitude, so no clamp is needed.
                    int even = ints[i], odd = ints[i + 1];
                    pairBase[i >> 1] = (sbyte)even;
                    pairBase[32 + (i >> 1)] = (sbyte)odd;
                    if (i < 16)
                    {
                        low += even + odd;
                    }
                    else
                    {
                        high += even + odd;
                    }
                }
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
