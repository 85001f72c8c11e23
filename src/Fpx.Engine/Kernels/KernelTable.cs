using Fpx.Engine.Quant;

namespace Fpx.Engine.Kernels;

/// <summary>Picks the kernel for a format and instruction set and prepares its activations.</summary>
internal static unsafe class KernelTable
{
    /// <summary>Thread shares are multiples of this many rows (SIMD kernels process rows in groups).</summary>
    public const int RowAlign = 4;

    public static RowRangeKernel Prepare(ref MatMulArgs args, KernelIsa isa, KernelScratch scratch)
    {
        var w = args.W;
        if (w.Info.Activations == ActivationKind.Int8Blocks)
        {
            scratch.Q8.Prepare(w.Cols, args.Batch);
            for (int v = 0; v < args.Batch; v++)
            {
                var x = new ReadOnlySpan<float>(args.X + (long)v * w.Cols, w.Cols);
                if (isa == KernelIsa.Avx2)
                {
                    Avx2Q8Quantizer.Quantize(scratch.Q8, x, v);
                }
                else
                {
                    scratch.Q8.QuantizeScalar(x, v);
                }
            }
            args.Q8 = scratch.Q8;
        }
        if (isa == KernelIsa.Scalar)
        {
            return ScalarKernels.Rows;
        }
        return Avx2Kernels.Prepare(ref args, scratch);
    }
}
