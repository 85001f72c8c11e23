using Fpx.Engine.Formats;
using Fpx.Engine.Quant;

namespace Fpx.Engine.Kernels;

/// <summary>
/// The scalar reference kernels: the definition of what each SIMD kernel must compute.
/// Float formats decode each row with the reference codec and take dot products in double.
/// FP4 formats compute exactly what the integer kernels compute: int8 activations per block of
/// 32, exact integer block sums, then the block's weight scale times the activation scale.
/// </summary>
internal static unsafe class ScalarKernels
{
    [ThreadStatic] private static float[]? t_row;

    public static void Rows(ref MatMulArgs a, int rowStart, int rowEnd)
    {
        if (WeightFormatInfo.Of(a.W.Format).Activations == ActivationKind.Int8Blocks)
        {
            Fp4Rows(ref a, rowStart, rowEnd);
            return;
        }
        var w = a.W;
        float[] row = t_row is { } buffer && buffer.Length >= w.Cols ? buffer : t_row = new float[w.Cols];
        for (int r = rowStart; r < rowEnd; r++)
        {
            w.DequantizeRow(r, row);
            for (int b = 0; b < a.Batch; b++)
            {
                float* x = a.X + (long)b * w.Cols;
                double sum = 0;
                for (int c = 0; c < w.Cols; c++)
                {
                    sum += (double)row[c] * x[c];
                }
                a.Y[(long)b * w.Rows + r] = (float)sum;
            }
        }
    }

    private static void Fp4Rows(ref MatMulArgs a, int rowStart, int rowEnd)
    {
        var w = a.W;
        var q8 = a.Q8!;
        bool nv = w.Format == WeightFormat.NvFp4;
        int blockSize = w.Info.BlockSize;
        for (int r = rowStart; r < rowEnd; r++)
        {
            byte* codes = w.Codes + r * w.CodeRowBytes;
            byte* scales = w.BlockScales + (long)r * w.BlocksPerRow;
            for (int v = 0; v < a.Batch; v++)
            {
                sbyte* values = q8.Values + v * q8.VectorValueStride;
                double sum = 0;
                for (int wb = 0; wb < w.BlocksPerRow; wb++)
                {
                    int isum = 0;
                    for (int i = 0; i < blockSize; i++)
                    {
                        int element = wb * blockSize + i;
                        int code = (codes[element >> 1] >> ((element & 1) * 4)) & 0xF;
                        isum += DoubledE2M1[code] * values[Q8Activations.Offset(element / 32, element % 32)];
                    }
                    float weightScale = nv
                        ? ElementCodecs.UE4M3Table[scales[wb]] * w.TensorScale
                        : ElementCodecs.E8M0Table[scales[wb]];
                    float activationScale = q8.Scales[v * q8.Blocks + element32(wb, blockSize)];
                    sum += (double)isum * weightScale * activationScale * 0.5;
                }
                a.Y[(long)v * w.Rows + r] = (float)sum;
            }
        }

        static int element32(int weightBlock, int blockSize) => weightBlock * blockSize / 32;
    }

    /// <summary>Twice each E2M1 code's value: an integer in -12..12, what the byte lookups produce.</summary>
    internal static readonly sbyte[] DoubledE2M1 = BuildDoubled();

    private static sbyte[] BuildDoubled()
    {
        var table = new sbyte[16];
        for (int code = 0; code < 16; code++)
        {
            table[code] = (sbyte)(ElementCodecs.E2M1Table[code] * 2);
        }
        return table;
    }
}
