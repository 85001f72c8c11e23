using Fpx.Engine.Formats;
using Fpx.Engine.Memory;

namespace Fpx.Engine.Quant;

/// <summary>Writes row <paramref name="row"/> of a weight matrix, as FP32, into <paramref name="destination"/>.</summary>
public delegate void RowSource(int row, Span<float> destination);

/// <summary>
/// A weight matrix (rows = output features, cols = input features) held in one
/// <see cref="WeightFormat"/>. It occupies its codes, its scales and a sparse list of subnormal
/// weights, nothing else: no FP32 shadow copy is kept.
/// </summary>
/// <remarks>
/// Memory layout, in one 64-byte aligned native buffer: the element codes of every row
/// (<see cref="CodeRowBytes"/> apart; FP4 two per byte, low nibble first), then the block scales
/// of every row (one byte per block), then, for per-row FP8, one FP32 scale per row. Codes and
/// scales are separate planes so that a kernel loads 32 code bytes and 8 scales at once.
/// </remarks>
public sealed unsafe partial class QuantizedMatrix : IDisposable
{
    private readonly NativeBuffer _storage;

    private QuantizedMatrix(WeightFormat format, int rows, int cols)
    {
        Info = WeightFormatInfo.Of(format);
        Rows = rows;
        Cols = cols;
        CodeRowBytes = Info.CodeBytesPerRow(cols);
        BlocksPerRow = Info.BlockSize > 1 ? Info.BlocksPerRow(cols) : 0;
        long codeBytes = Align(CodeRowBytes * rows);
        long scaleBytes = Align((long)BlocksPerRow * rows);
        long rowScaleBytes = Info.RowScale ? Align((long)rows * sizeof(float)) : 0;
        _storage = new NativeBuffer(codeBytes + scaleBytes + rowScaleBytes);
        Codes = _storage.Pointer;
        BlockScales = Codes + codeBytes;
        RowScales = Info.RowScale ? (float*)(BlockScales + scaleBytes) : null;
        PayloadBytes = CodeRowBytes * rows + (long)BlocksPerRow * rows + (Info.RowScale ? rows * sizeof(float) : 0);
    }

    /// <summary>The format's traits.</summary>
    public WeightFormatInfo Info { get; }

    /// <summary>The storage format.</summary>
    public WeightFormat Format => Info.Format;

    /// <summary>Output features.</summary>
    public int Rows { get; }

    /// <summary>Input features.</summary>
    public int Cols { get; }

    /// <summary>Bytes of codes, scales and corrections that this matrix keeps resident.</summary>
    public long ResidentBytes => PayloadBytes + Corrections.Bytes + (Format == WeightFormat.NvFp4 ? sizeof(float) : 0);

    /// <summary>Codes, block scales and row scales, without alignment padding or corrections: what a kernel streams.</summary>
    public long PayloadBytes { get; }

    /// <summary>Weights stored apart because their code is subnormal.</summary>
    public int SubnormalCount => Corrections.Count;

    /// <summary>NVFP4's per-tensor FP32 scale (1 for other formats).</summary>
    public float TensorScale { get; private set; } = 1f;

    internal byte* Codes { get; }
    internal long CodeRowBytes { get; }
    internal byte* BlockScales { get; }
    internal int BlocksPerRow { get; }
    internal float* RowScales { get; }
    internal SparseCorrections Corrections { get; private set; } = SparseCorrections.None;

    /// <summary>Quantizes a row-major FP32 matrix.</summary>
    public static QuantizedMatrix Quantize(ReadOnlySpan<float> weights, int rows, int cols, WeightFormat format,
        ScaleRule rule = ScaleRule.Ocp)
    {
        if ((long)rows * cols != weights.Length)
        {
            throw new ArgumentException($"expected {(long)rows * cols} weights for {rows}x{cols}, got {weights.Length}", nameof(weights));
        }
        fixed (float* p = weights)
        {
            float* basePtr = p;
            return Quantize(rows, cols, format,
                (row, destination) => new ReadOnlySpan<float>(basePtr + (long)row * cols, cols).CopyTo(destination), rule);
        }
    }

    /// <summary>
    /// Quantizes a matrix supplied one row at a time (so that a memory-mapped F16 or BF16 tensor
    /// never needs a full FP32 copy). Rows are quantized in parallel; <paramref name="source"/>
    /// must be safe to call from several threads.
    /// </summary>
    /// <exception cref="ArgumentException">A weight is NaN or infinite, or a dimension is not positive.</exception>
    public static QuantizedMatrix Quantize(int rows, int cols, WeightFormat format, RowSource source, ScaleRule rule = ScaleRule.Ocp)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cols);
        var matrix = new QuantizedMatrix(format, rows, cols);
        try
        {
            if (format == WeightFormat.NvFp4)
            {
                matrix.TensorScale = RowQuantizer.NvTensorScale(MaxAbs(rows, cols, source));
            }
            var corrections = new SparseCorrections.Builder(rows);
            Parallel.For(0, rows, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                () => new float[cols],
                (row, _, buffer) =>
                {
                    source(row, buffer);
                    CheckFinite(buffer, row);
                    matrix.QuantizeRow(row, buffer, rule, corrections);
                    return buffer;
                },
                _ => { });
            matrix.Corrections = corrections.Build();
            return matrix;
        }
        catch (AggregateException e)
        {
            matrix.Dispose();
            // Report the first row's problem as itself, not wrapped by Parallel.For.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.Flatten().InnerExceptions[0]);
            throw;
        }
        catch
        {
            matrix.Dispose();
            throw;
        }
    }

    /// <summary>Writes row <paramref name="row"/>'s weights as the format represents them (reference decoding).</summary>
    public void DequantizeRow(int row, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Rows, nameof(row));
        if (destination.Length < Cols)
        {
            throw new ArgumentException("destination is shorter than a row", nameof(destination));
        }
        DecodeRowCodes(row, destination[..Cols]);
        for (int k = Corrections.Count == 0 ? 0 : Corrections.RowStart[row]; Corrections.Count != 0 && k < Corrections.RowStart[row + 1]; k++)
        {
            destination[Corrections.Columns[k]] += Corrections.Values[k];
        }
    }

    /// <summary>Frees the native storage.</summary>
    public void Dispose() => _storage.Dispose();

    private static long Align(long bytes) => (bytes + NativeBuffer.Alignment - 1) / NativeBuffer.Alignment * NativeBuffer.Alignment;

    private static float MaxAbs(int rows, int cols, RowSource source)
    {
        var buffer = new float[cols];
        float amax = 0;
        for (int r = 0; r < rows; r++)
        {
            source(r, buffer);
            CheckFinite(buffer, r);
            amax = Math.Max(amax, RowQuantizer.MaxAbs(buffer));
        }
        return amax;
    }

    private static void CheckFinite(ReadOnlySpan<float> row, int rowIndex)
    {
        if (!System.Numerics.Tensors.TensorPrimitives.IsFiniteAll(row))
        {
            int col = 0;
            while (float.IsFinite(row[col]))
            {
                col++;
            }
            throw new ArgumentException($"weight [{rowIndex}, {col}] is {row[col]}; only finite weights can be quantized");
        }
    }
}
