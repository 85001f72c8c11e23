using Fpx.Engine.Quant;
using Fpx.Engine.Threading;

namespace Fpx.Engine.Kernels;

/// <summary>
/// Y = W X for a quantized weight matrix W and a small batch of FP32 activation vectors: the one
/// operation every linear layer of the transformer runs.
/// </summary>
public static unsafe class MatMul
{
    /// <summary>Below this many weight bytes a product runs on one thread: waking a worker costs more than it saves.</summary>
    public const long MinParallelBytes = 96 * 1024;

    /// <summary>
    /// Computes <c>y[b] = W x[b]</c> for <paramref name="batch"/> vectors: <paramref name="x"/>
    /// holds batch vectors of <c>w.Cols</c> floats one after another, <paramref name="y"/> receives
    /// batch vectors of <c>w.Rows</c> floats.
    /// </summary>
    /// <param name="w">The weights.</param>
    /// <param name="x">The activations.</param>
    /// <param name="y">The outputs.</param>
    /// <param name="batch">Number of activation vectors (1 or more).</param>
    /// <param name="pool">Threads to split the rows over; null runs on the calling thread only.</param>
    public static void Multiply(QuantizedMatrix w, ReadOnlySpan<float> x, Span<float> y, int batch = 1, ComputePool? pool = null) =>
        Multiply(w, x, y, batch, pool, KernelSelection.Default);

    internal static void Multiply(QuantizedMatrix w, ReadOnlySpan<float> x, Span<float> y, int batch, ComputePool? pool, KernelIsa isa)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        if (x.Length < (long)batch * w.Cols)
        {
            throw new ArgumentException($"x holds {x.Length} floats; {batch} vectors of {w.Cols} need {(long)batch * w.Cols}", nameof(x));
        }
        if (y.Length < (long)batch * w.Rows)
        {
            throw new ArgumentException($"y holds {y.Length} floats; {batch} vectors of {w.Rows} need {(long)batch * w.Rows}", nameof(y));
        }

        var scratch = KernelScratch.ForCurrentThread;
        fixed (float* xp = x)
        fixed (float* yp = y)
        {
            var args = new MatMulArgs { W = w, X = xp, Y = yp, Batch = batch };
            RowRangeKernel kernel = KernelTable.Prepare(ref args, isa, scratch);
            int parts = pool is null || w.PayloadBytes < MinParallelBytes ? 1 : pool.Threads;
            if (parts == 1)
            {
                kernel(ref args, 0, w.Rows);
            }
            else
            {
                pool!.Run(kernel, ref args, w.Rows, KernelTable.RowAlign, parts);
            }
        }
    }
}
