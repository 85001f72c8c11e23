using System.Runtime.Intrinsics;
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
    public const float Prescale = 18446744073709551616f; // 2^64

    public static RowRangeKernel Prepare(ref MatMulArgs args, KernelScratch scratch)
    {
        switch (args.W.Format)
        {
            case WeightFormat.F32:
                args.PreparedX = args.X;
                return FloatRows<F32Decoder>;
            case WeightFormat.BF16:
                PrepareActivations<BF16Decoder>(ref args, scratch);
                return FloatRows<BF16Decoder>;
            case WeightFormat.F16:
                PrepareActivations<F16Decoder>(ref args, scratch);
                return FloatRows<F16Decoder>;
            case WeightFormat.Fp8E4M3:
                PrepareActivations<E4M3Decoder>(ref args, scratch);
                return FloatRows<E4M3Decoder>;
            case WeightFormat.Fp8E5M2:
                PrepareActivations<E5M2Decoder>(ref args, scratch);
                return FloatRows<E5M2Decoder>;
            case WeightFormat.MxFp8:
                PrepareActivations<E4M3Decoder>(ref args, scratch);
                return MxFp8Rows;
            case WeightFormat.MxFp4:
                return Fp4Rows<MxScales>;
            case WeightFormat.NvFp4:
                return Fp4Rows<NvScales>;
            default:
                throw new NotSupportedException(args.W.Format.ToString());
        }
    }

    /// <summary>
    /// Copies the activations, once per product and before any split over threads, multiplied by
    /// the decoder's activation scale and, within each run of 32, in the order its decoding yields
    /// the weights. Elements after the last full 32 are not copied: tails read the original.
    /// </summary>
    internal static void PrepareActivations<TDecoder>(ref MatMulArgs args, KernelScratch scratch) where TDecoder : struct, IFloatDecoder
    {
        int cols = args.W.Cols;
        int full = cols & ~31;
        float* prepared = scratch.Floats((long)args.Batch * cols);
        var scale = Vector128.Create(TDecoder.ActivationScale);
        ReadOnlySpan<byte> order = TDecoder.Order;
        for (int v = 0; v < args.Batch; v++)
        {
            float* source = args.X + (long)v * cols;
            float* target = prepared + (long)v * cols;
            for (int i = 0; i < full; i += 32)
            {
                for (int group = 0; group < 8; group++)
                {
                    Vector128.Store(Vector128.Load(source + i + order[group] * 4) * scale, target + i + group * 4);
                }
            }
        }
        args.PreparedX = prepared;
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

    /// <summary>The elements after the last full 32, decoded with the reference tables (row scale excluded).</summary>
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
