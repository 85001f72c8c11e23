using Fpx.Engine.Quant;

namespace Fpx.Engine.Kernels;

/// <summary>
/// Everything a row-range kernel needs for Y = W X: set once by the caller, then read by every
/// thread that takes a share of the rows.
/// </summary>
internal unsafe struct MatMulArgs
{
    public QuantizedMatrix W;

    /// <summary>Activations as given: Batch vectors of W.Cols floats, one after another.</summary>
    public float* X;

    /// <summary>Activations prepared for the kernel (prescaled floats), or null when X is used as is.</summary>
    public float* PreparedX;

    /// <summary>Activations quantized to int8 blocks, for FP4 formats.</summary>
    public Q8Activations? Q8;

    /// <summary>Outputs: Batch vectors of W.Rows floats, one after another.</summary>
    public float* Y;

    public int Batch;
}

/// <summary>A kernel that computes rows [rowStart, rowEnd) of every output vector.</summary>
internal unsafe delegate void RowRangeKernel(ref MatMulArgs args, int rowStart, int rowEnd);
