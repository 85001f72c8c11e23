using System.Numerics.Tensors;
using Fpx.Engine.Quant;

namespace Fpx.Engine.Kernels;

/// <summary>Chooses and prepares the AVX2 kernel of each format.</summary>
internal static unsafe partial class Avx2Kernels
{
    /// <summary>
    /// Activations of the F16 and FP8 kernels are multiplied by 2^64 first. The decoded weights are
    /// the true weights times 2^-112 or 2^-120; without the prescale their products with small
    /// activations would be float denormals, which are slow. 2^64 overflows no activation below 2^64.
    /// </summary>
    public const float Prescale = 18446744073709551616f /* 2^64 */;

    public static RowRangeKernel Prepare(ref MatMulArgs args, KernelScratch scratch)
    {
        var format = args.W.Format;
        switch (format)
        {
            case WeightFormat.F32:
                return FloatRows<F32Decoder>;
            case WeightFormat.BF16:
                return FloatRows<BF16Decoder>;
            case WeightFormat.MxFp4:
                return Fp4Rows<MxScales>;
            case WeightFormat.NvFp4:
                return Fp4Rows<NvScales>;
        }

        // The remaining float kernels take prescaled activations: make them once, before any split.
        long count = (long)args.Batch * args.W.Cols;
        float* prepared = scratch.Floats(count);
        TensorPrimitives.Multiply(new ReadOnlySpan<float>(args.X, checked((int)count)), Prescale,
            new Span<float>(prepared, checked((int)count)));
        args.PreparedX = prepared;
        return format switch
        {
            WeightFormat.F16 => FloatRows<F16Decoder>,
            WeightFormat.Fp8E4M3 => FloatRows<E4M3Decoder>,
            WeightFormat.Fp8E5M2 => FloatRows<E5M2Decoder>,
            WeightFormat.MxFp8 => MxFp8Rows,
            _ => throw new NotSupportedException(format.ToString()),
        };
    }

    /// <summary>Adds each output's corrections for subnormal weights and for the scalar tail of a row.</summary>
    private static void Finish(ref MatMulArgs a, int row, int vector, float vectorSum, int tailStart, float tailScale)
    {
        var w = a.W;
        float* x = a.X + (long)vector * w.Cols;
        float sum = vectorSum;
        if (tailStart < w.Cols)
        {
            sum += TailDot(w, row, x, tailStart) * tailScale;
        }
        var corrections = w.Corrections;
        if (corrections.Count != 0)
        {
            for (int k = corrections.RowStart[row]; k < corrections.RowStart[row + 1]; k++)
            {
                sum += corrections.Values[k] * x[corrections.Columns[k]];
            }
        }
        a.Y[(long)vector * w.Rows + row] = sum;
    }

    /// <summary>The elements after the last full vector, decoded with the reference tables (scales excluded).</summary>
    private static float TailDot(QuantizedMatrix w, int row, float* x, int start)
    {
        byte* codes = w.Codes + row * w.CodeRowBytes;
        float sum = 0;
        for (int c = start; c < w.Cols; c++)
        {
            float value = w.Format switch
            {
                WeightFormat.F32 => ((float*)codes)[c],
                WeightFormat.F16 => Formats.ElementCodecs.F16Table[((ushort*)codes)[c]],
                WeightFormat.BF16 => Formats.ElementCodecs.DecodeBF16(((ushort*)codes)[c]),
                WeightFormat.Fp8E4M3 or WeightFormat.MxFp8 => Formats.ElementCodecs.E4M3Table[codes[c]],
                WeightFormat.Fp8E5M2 => Formats.ElementCodecs.E5M2Table[codes[c]],
                _ => throw new NotSupportedException(w.Format.ToString()),
            };
            if (w.Format == WeightFormat.MxFp8)
            {
                value *= Formats.E8M0.Decode(w.BlockScales[(long)row * w.BlocksPerRow + c / 32]);
            }
            sum += value * x[c];
        }
        return sum;
    }
}
