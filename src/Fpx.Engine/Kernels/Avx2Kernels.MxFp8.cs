using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Fpx.Engine.Kernels;

internal static unsafe partial class Avx2Kernels
{
    /// <summary>
    /// MXFP8 rows: E4M3 elements decoded like per-row FP8, each block of 32's partial sum
    /// multiplied by its E8M0 scale (shifted into a binary32 exponent; quantizers never emit code 0).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MxFp8Rows(ref MatMulArgs a, int rowStart, int rowEnd)
    {
        var w = a.W;
        int cols = w.Cols;
        int fullBlocks = cols / 32;
        for (int r = rowStart; r < rowEnd; r++)
        {
            byte* codes = w.Codes + r * w.CodeRowBytes;
            byte* scales = w.BlockScales + (long)r * w.BlocksPerRow;
            for (int v = 0; v < a.Batch; v++)
            {
                float* x = a.PreparedX + (long)v * cols;
                var acc0 = Vector256<float>.Zero;
                var acc1 = Vector256<float>.Zero;
                for (int b = 0; b < fullBlocks; b++)
                {
                    E4M3Decoder.Decode32(codes + b * 32, out var d0, out var d1, out var d2, out var d3);
                    float* xb = x + b * 32;
                    var t = Fma.MultiplyAdd(d2, Avx.LoadVector256(xb + 16), Avx.Multiply(d0, Avx.LoadVector256(xb)));
                    var u = Fma.MultiplyAdd(d3, Avx.LoadVector256(xb + 24), Avx.Multiply(d1, Avx.LoadVector256(xb + 8)));
                    var scale = Vector256.Create(BitConverter.Int32BitsToSingle(scales[b] << 23));
                    if ((b & 1) == 0)
                    {
                        acc0 = Fma.MultiplyAdd(Avx.Add(t, u), scale, acc0);
                    }
                    else
                    {
                        acc1 = Fma.MultiplyAdd(Avx.Add(t, u), scale, acc1);
                    }
                }
                Finish(ref a, r, v, Vector256.Sum(acc0 + acc1) * E4M3Decoder.SumFactor, fullBlocks * 32, 1f);
            }
        }
    }
}
