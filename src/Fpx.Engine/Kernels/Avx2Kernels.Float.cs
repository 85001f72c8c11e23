using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Fpx.Engine.Kernels;

internal static unsafe partial class Avx2Kernels
{
    /// <summary>
    /// Rows of a float-decoded format (F32, F16, BF16, FP8 with a row scale), 32 elements per step.
    /// Each row is decoded once per group of up to four activation vectors; it stays in L1 between groups.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FloatRows<TDecoder>(ref MatMulArgs a, int rowStart, int rowEnd)
        where TDecoder : struct, IFloatDecoder
    {
        var w = a.W;
        int cols = w.Cols;
        int vectorized = cols & ~31;
        float* xs = a.PreparedX;
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

    /// <summary>One vector: an accumulator per decoded vector of a step hides the FMA latency.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Dot1<TDecoder>(byte* codes, float* x, int n) where TDecoder : struct, IFloatDecoder
    {
        var a0 = Vector256<float>.Zero;
        var a1 = Vector256<float>.Zero;
        var a2 = Vector256<float>.Zero;
        var a3 = Vector256<float>.Zero;
        for (int i = 0; i < n; i += 32)
        {
            TDecoder.Decode32(codes + (long)i * TDecoder.ElementBytes, out var d0, out var d1, out var d2, out var d3);
            a0 = Fma.MultiplyAdd(d0, Avx.LoadVector256(x + i), a0);
            a1 = Fma.MultiplyAdd(d1, Avx.LoadVector256(x + i + 8), a1);
            a2 = Fma.MultiplyAdd(d2, Avx.LoadVector256(x + i + 16), a2);
            a3 = Fma.MultiplyAdd(d3, Avx.LoadVector256(x + i + 24), a3);
        }
        return Vector256.Sum((a0 + a1) + (a2 + a3));
    }

    /// <summary>Two vectors, two accumulators each: a step's four FMAs per vector form two chains of two.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (float, float) Dot2<TDecoder>(byte* codes, float* x0, float* x1, int n) where TDecoder : struct, IFloatDecoder
    {
        var a0 = Vector256<float>.Zero;
        var a1 = Vector256<float>.Zero;
        var a2 = Vector256<float>.Zero;
        var a3 = Vector256<float>.Zero;
        var b0 = Vector256<float>.Zero;
        var b1 = Vector256<float>.Zero;
        var b2 = Vector256<float>.Zero;
        var b3 = Vector256<float>.Zero;
        for (int i = 0; i < n; i += 32)
        {
            TDecoder.Decode32(codes + (long)i * TDecoder.ElementBytes, out var d0, out var d1, out var d2, out var d3);
            a0 = Fma.MultiplyAdd(d0, Avx.LoadVector256(x0 + i), a0);
            b0 = Fma.MultiplyAdd(d0, Avx.LoadVector256(x1 + i), b0);
            a1 = Fma.MultiplyAdd(d1, Avx.LoadVector256(x0 + i + 8), a1);
            b1 = Fma.MultiplyAdd(d1, Avx.LoadVector256(x1 + i + 8), b1);
            a2 = Fma.MultiplyAdd(d2, Avx.LoadVector256(x0 + i + 16), a2);
            b2 = Fma.MultiplyAdd(d2, Avx.LoadVector256(x1 + i + 16), b2);
            a3 = Fma.MultiplyAdd(d3, Avx.LoadVector256(x0 + i + 24), a3);
            b3 = Fma.MultiplyAdd(d3, Avx.LoadVector256(x1 + i + 24), b3);
        }
        return (Vector256.Sum((a0 + a1) + (a2 + a3)), Vector256.Sum((b0 + b1) + (b2 + b3)));
    }

    /// <summary>
    /// Four vectors, two accumulators each (even and odd decoded vectors): with one accumulator per
    /// vector, four dependent FMAs per step made the loop wait on FMA latency instead of throughput.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Dot4<TDecoder>(byte* codes, float* x, int stride, int n) where TDecoder : struct, IFloatDecoder
    {
        var a0 = Vector256<float>.Zero;
        var a1 = Vector256<float>.Zero;
        var b0 = Vector256<float>.Zero;
        var b1 = Vector256<float>.Zero;
        var c0 = Vector256<float>.Zero;
        var c1 = Vector256<float>.Zero;
        var e0 = Vector256<float>.Zero;
        var e1 = Vector256<float>.Zero;
        float* x1 = x + stride, x2 = x1 + stride, x3 = x2 + stride;
        for (int i = 0; i < n; i += 32)
        {
            TDecoder.Decode32(codes + (long)i * TDecoder.ElementBytes, out var d0, out var d1, out var d2, out var d3);
            a0 = Fma.MultiplyAdd(d0, Avx.LoadVector256(x + i), a0);
            b0 = Fma.MultiplyAdd(d0, Avx.LoadVector256(x1 + i), b0);
            c0 = Fma.MultiplyAdd(d0, Avx.LoadVector256(x2 + i), c0);
            e0 = Fma.MultiplyAdd(d0, Avx.LoadVector256(x3 + i), e0);
            a1 = Fma.MultiplyAdd(d1, Avx.LoadVector256(x + i + 8), a1);
            b1 = Fma.MultiplyAdd(d1, Avx.LoadVector256(x1 + i + 8), b1);
            c1 = Fma.MultiplyAdd(d1, Avx.LoadVector256(x2 + i + 8), c1);
            e1 = Fma.MultiplyAdd(d1, Avx.LoadVector256(x3 + i + 8), e1);
            a0 = Fma.MultiplyAdd(d2, Avx.LoadVector256(x + i + 16), a0);
            b0 = Fma.MultiplyAdd(d2, Avx.LoadVector256(x1 + i + 16), b0);
            c0 = Fma.MultiplyAdd(d2, Avx.LoadVector256(x2 + i + 16), c0);
            e0 = Fma.MultiplyAdd(d2, Avx.LoadVector256(x3 + i + 16), e0);
            a1 = Fma.MultiplyAdd(d3, Avx.LoadVector256(x + i + 24), a1);
            b1 = Fma.MultiplyAdd(d3, Avx.LoadVector256(x1 + i + 24), b1);
            c1 = Fma.MultiplyAdd(d3, Avx.LoadVector256(x2 + i + 24), c1);
            e1 = Fma.MultiplyAdd(d3, Avx.LoadVector256(x3 + i + 24), e1);
        }
        return Vector128.Create(Vector256.Sum(a0 + a1), Vector256.Sum(b0 + b1), Vector256.Sum(c0 + c1), Vector256.Sum(e0 + e1));
    }
}
