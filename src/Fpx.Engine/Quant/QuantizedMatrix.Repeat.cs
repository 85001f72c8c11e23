namespace Fpx.Engine.Quant;

public sealed unsafe partial class QuantizedMatrix
{
    /// <summary>
    /// A matrix of <paramref name="rows"/> rows that cycle through <paramref name="seed"/>'s rows,
    /// codes, scales and subnormal corrections included. For benchmarks that need gibibytes of
    /// realistically distributed weights without quantizing each one: kernels still stream every byte.
    /// </summary>
    public static QuantizedMatrix RepeatRows(QuantizedMatrix seed, int rows)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        var matrix = new QuantizedMatrix(seed.Format, rows, seed.Cols) { TensorScale = seed.TensorScale };
        var corrections = new SparseCorrections.Builder(rows);
        for (int r = 0; r < rows; r++)
        {
            int from = r % seed.Rows;
            Buffer.MemoryCopy(seed.Codes + from * seed.CodeRowBytes, matrix.Codes + r * matrix.CodeRowBytes, matrix.CodeRowBytes, seed.CodeRowBytes);
            Buffer.MemoryCopy(seed.BlockScales + (long)from * seed.BlocksPerRow, matrix.BlockScales + (long)r * matrix.BlocksPerRow, matrix.BlocksPerRow, seed.BlocksPerRow);
            if (seed.RowScales != null)
            {
                matrix.RowScales[r] = seed.RowScales[from];
            }
            var c = seed.Corrections;
            for (int k = c.Count == 0 ? 0 : c.RowStart[from]; c.Count != 0 && k < c.RowStart[from + 1]; k++)
            {
                corrections.Add(r, c.Columns[k], c.Values[k]);
            }
        }
        matrix.Corrections = corrections.Build();
        return matrix;
    }
}
