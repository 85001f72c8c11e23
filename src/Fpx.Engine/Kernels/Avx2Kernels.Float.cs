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
        int r = rowStart;
        if (a.Batch == 1)
        {
            // One vector: four rows at a time, so each activation load serves four rows and the
            // per-row bookkeeping is paid once per four (measured 15-18% behind the bare loop without).
            for (; r + 4 <= rowEnd; r += 4)
            {
                byte* c0 = w.Codes + r * w.CodeRowBytes;
                var sums = Dot1x4<TDecoder>(c0, w.CodeRowBytes, xs, vectorized);
                for (int k = 0; k < 4; k++)
                {
                    float rowScale = w.RowScales != null ? w.RowScales[r + k] : 1f;
                    Finish(ref a, r + k, 0, sums[k] * TDecoder.SumFactor * rowScale, vectorized, rowScale);
                }
            }
        }
        for (; r < rowEnd; r++)
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

    /// <summary>
    /// Four rows against one vector: each activation vector is loaded once for four rows; two
    /// accumulators per row (even and odd decoded vectors) keep the FMA chains short.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Dot1x4<TDecoder>(byte* codes, long rowStride, float* x, int n) where TDecoder : struct, IFloatDecoder
    {
        var a0 = Vector256<float>.Zero;
        var a1 = Vector256<float>.Zero;
        var b0 = Vector256<float>.Zero;
        var b1 = Vector256<float>.Zero;
        var c0 = Vector256<float>.Zero;
        var c1 = Vector256<float>.Zero;
        var e0 = Vector256<float>.Zero;
        var e1 = Vector256<float>.Zero;
        byte* r1 = codes + rowStride, r2 = r1 + rowStride, r3 = r2 + rowStride;
        for (int i = 0; i < n; i += 32)
        {
            long at = (long)i * TDecoder.ElementBytes;
            TDecoder.Decode32(codes + at, out var p0, out var p1, out var p2, out var p3);
            TDecoder.Decode32(r1 + at, out var q0, out var q1, out var q2, out var q3);
            var x0 = Avx.LoadVector256(x + i);
            var x1 = Avx.LoadVector256(x + i + 8);
            var x2 = Avx.LoadVector256(x + i + 16);
            var x3 = Avx.LoadVector256(x + i + 24);
            a0 = Fma.MultiplyAdd(p0, x0, a0);
            a1 = Fma.MultiplyAdd(p1, x1, a1);
            a0 = Fma.MultiplyAdd(p2, x2, a0);
            a1 = Fma.MultiplyAdd(p3, x3, a1);
            b0 = Fma.MultiplyAdd(q0, x0, b0);
            b1 = Fma.MultiplyAdd(q1, x1, b1);
            b0 = Fma.MultiplyAdd(q2, x2, b0);
            b1 = Fma.MultiplyAdd(q3, x3, b1);
            TDecoder.Decode32(r2 + at, out p0, out p1, out p2, out p3);
            TDecoder.Decode32(r3 + at, out q0, out q1, out q2, out q3);
            c0 = Fma.MultiplyAdd(p0, x0, c0);
            c1 = Fma.MultiplyAdd(p1, x1, c1);
            c0 = Fma.MultiplyAdd(p2, x2, c0);
            c1 = Fma.MultiplyAdd(p3, x3, c1);
            e0 = Fma.MultiplyAdd(q0, x0, e0);
            e1 = Fma.MultiplyAdd(q1, x1, e1);
            e0 = Fma.MultiplyAdd(q2, x2, e0);
            e1 = Fma.MultiplyAdd(q3, x3, e1);
        }
        return Vector128.Create(Vector256.Sum(a0 + a1), Vector256.Sum(b0 + b1), Vector256.Sum(c0 + c1), Vector256.Sum(e0 + e1));
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
