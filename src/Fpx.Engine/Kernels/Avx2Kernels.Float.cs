using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Fpx.Engine.Kernels;

internal static unsafe partial class Avx2Kernels
{
    /// <summary>
    /// Rows of a float-decoded format (F32, F16, BF16, FP8 with a row scale). Each row is decoded
    /// once per group of up to four activation vectors; the row stays in L1 between groups.
    /// </summary>
    private static void FloatRows<TDecoder>(ref MatMulArgs a, int rowStart, int rowEnd)
        where TDecoder : struct, IFloatDecoder
    {
        var w = a.W;
        int cols = w.Cols;
        int vectorized = cols & ~7;
        float* xs = TDecoder.Prescaled ? a.PreparedX : a.X;
        for (int r = rowStart; r < rowEnd; r++)
        {
            byte* codes = w.Codes + r * w.CodeRowBytes;
            float rowScale = w.RowScales != null ? w.RowScales[r] : 1f;
            float factor = TDecoder.SumFactor * rowScale;
            for (int v = 0; v < a.Batch;)
            {
                float* x0 = xs + (long)v * cols;
                switch (a.Batch - v)
                {
                    case 1:
                        Finish(ref a, r, v, Dot1<TDecoder>(codes, x0, vectorized) * factor, vectorized, rowScale);
                        v += 1;
                        break;
                    case 2:
                    case 3:
                    {
                        var (s0, s1) = Dot2<TDecoder>(codes, x0, x0 + cols, vectorized);
                        Finish(ref a, r, v, s0 * factor, vectorized, rowScale);
                        Finish(ref a, r, v + 1, s1 * factor, vectorized, rowScale);
                        v += 2;
                        break;
                    }
                    default:
                    {
                        var sums = Dot4<TDecoder>(codes, x0, cols, vectorized);
                        for (int k = 0; k < 4; k++)
                        {
                            Finish(ref a, r, v + k, sums[k] * factor, vectorized, rowScale);
                        }
                        v += 4;
                        break;
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte* At<TDecoder>(byte* codes, int element) where TDecoder : struct, IFloatDecoder =>
        codes + (long)element * TDecoder.ElementBytes;

    /// <summary>One vector: four accumulators over 32 elements per step hide the FMA latency.</summary>
    private static float Dot1<TDecoder>(byte* codes, float* x, int n) where TDecoder : struct, IFloatDecoder
    {
        var a0 = Vector256<float>.Zero;
        var a1 = Vector256<float>.Zero;
        var a2 = Vector256<float>.Zero;
        var a3 = Vector256<float>.Zero;
        int i = 0;
        for (; i + 32 <= n; i += 32)
        {
            a0 = Fma.MultiplyAdd(TDecoder.Decode8(At<TDecoder>(codes, i)), Avx.LoadVector256(x + i), a0);
            a1 = Fma.MultiplyAdd(TDecoder.Decode8(At<TDecoder>(codes, i + 8)), Avx.LoadVector256(x + i + 8), a1);
            a2 = Fma.MultiplyAdd(TDecoder.Decode8(At<TDecoder>(codes, i + 16)), Avx.LoadVector256(x + i + 16), a2);
            a3 = Fma.MultiplyAdd(TDecoder.Decode8(At<TDecoder>(codes, i + 24)), Avx.LoadVector256(x + i + 24), a3);
        }
        for (; i < n; i += 8)
        {
            a0 = Fma.MultiplyAdd(TDecoder.Decode8(At<TDecoder>(codes, i)), Avx.LoadVector256(x + i), a0);
        }
        return Vector256.Sum((a0 + a1) + (a2 + a3));
    }

    private static (float, float) Dot2<TDecoder>(byte* codes, float* x0, float* x1, int n) where TDecoder : struct, IFloatDecoder
    {
        var a0 = Vector256<float>.Zero;
        var a1 = Vector256<float>.Zero;
        var b0 = Vector256<float>.Zero;
        var b1 = Vector256<float>.Zero;
        int i = 0;
        for (; i + 16 <= n; i += 16)
        {
            var w0 = TDecoder.Decode8(At<TDecoder>(codes, i));
            var w1 = TDecoder.Decode8(At<TDecoder>(codes, i + 8));
            a0 = Fma.MultiplyAdd(w0, Avx.LoadVector256(x0 + i), a0);
            b0 = Fma.MultiplyAdd(w0, Avx.LoadVector256(x1 + i), b0);
            a1 = Fma.MultiplyAdd(w1, Avx.LoadVector256(x0 + i + 8), a1);
            b1 = Fma.MultiplyAdd(w1, Avx.LoadVector256(x1 + i + 8), b1);
        }
        for (; i < n; i += 8)
        {
            var w0 = TDecoder.Decode8(At<TDecoder>(codes, i));
            a0 = Fma.MultiplyAdd(w0, Avx.LoadVector256(x0 + i), a0);
            b0 = Fma.MultiplyAdd(w0, Avx.LoadVector256(x1 + i), b0);
        }
        return (Vector256.Sum(a0 + a1), Vector256.Sum(b0 + b1));
    }

    private static Vector128<float> Dot4<TDecoder>(byte* codes, float* x, int stride, int n) where TDecoder : struct, IFloatDecoder
    {
        var a0 = Vector256<float>.Zero;
        var a1 = Vector256<float>.Zero;
        var a2 = Vector256<float>.Zero;
        var a3 = Vector256<float>.Zero;
        float* x1 = x + stride, x2 = x1 + stride, x3 = x2 + stride;
        for (int i = 0; i < n; i += 8)
        {
            var w0 = TDecoder.Decode8(At<TDecoder>(codes, i));
            a0 = Fma.MultiplyAdd(w0, Avx.LoadVector256(x + i), a0);
            a1 = Fma.MultiplyAdd(w0, Avx.LoadVector256(x1 + i), a1);
            a2 = Fma.MultiplyAdd(w0, Avx.LoadVector256(x2 + i), a2);
            a3 = Fma.MultiplyAdd(w0, Avx.LoadVector256(x3 + i), a3);
        }
        return Vector128.Create(Vector256.Sum(a0), Vector256.Sum(a1), Vector256.Sum(a2), Vector256.Sum(a3));
    }
}
