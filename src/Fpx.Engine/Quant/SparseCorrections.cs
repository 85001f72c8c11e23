namespace Fpx.Engine.Quant;

/// <summary>
/// Weights whose element code is subnormal, stored apart: the packed copy holds a zero code there,
/// and kernels add value x activation back exactly. This keeps float denormals out of the FMA
/// units (shared/KERNEL-NOTES.md: denormal operands doubled F16's time). Compressed sparse rows.
/// </summary>
internal sealed class SparseCorrections
{
    public static readonly SparseCorrections None = new([], [], [], 0);

    public SparseCorrections(int[] rowStart, int[] columns, float[] values, int rows)
    {
        RowStart = rowStart;
        Columns = columns;
        Values = values;
        Rows = rows;
    }

    /// <summary>Index of each row's first entry; length rows + 1 (empty when there are none).</summary>
    public int[] RowStart { get; }

    public int[] Columns { get; }

    /// <summary>The exact dequantized weight (row and block scales applied).</summary>
    public float[] Values { get; }

    public int Rows { get; }

    public int Count => Values.Length;

    public long Bytes => (long)RowStart.Length * sizeof(int) + Columns.Length * sizeof(int) + Values.Length * sizeof(float);

    /// <summary>Adds each row's corrections times x to y (one activation vector).</summary>
    public void Apply(ReadOnlySpan<float> x, Span<float> y, int rowStart, int rowEnd)
    {
        if (Count == 0)
        {
            return;
        }
        for (int r = rowStart; r < rowEnd; r++)
        {
            float sum = 0;
            for (int k = RowStart[r]; k < RowStart[r + 1]; k++)
            {
                sum += Values[k] * x[Columns[k]];
            }
            y[r] += sum;
        }
    }

    /// <summary>Collects corrections row by row, in row order.</summary>
    internal sealed class Builder(int rows)
    {
        private readonly List<int>[] _columns = new List<int>[rows];
        private readonly List<float>[] _values = new List<float>[rows];

        /// <summary>Records rows concurrently: each row is written by one thread only.</summary>
        public void Add(int row, int column, float value)
        {
            (_columns[row] ??= []).Add(column);
            (_values[row] ??= []).Add(value);
        }

        public SparseCorrections Build()
        {
            int total = 0;
            foreach (var list in _columns)
            {
                total += list?.Count ?? 0;
            }
            if (total == 0)
            {
                return None;
            }
            var rowStart = new int[rows + 1];
            var columns = new int[total];
            var values = new float[total];
            int at = 0;
            for (int r = 0; r < rows; r++)
            {
                rowStart[r] = at;
                if (_columns[r] is { } cols)
                {
                    cols.CopyTo(columns, at);
                    _values[r].CopyTo(values, at);
                    at += cols.Count;
                }
            }
            rowStart[rows] = at;
            return new SparseCorrections(rowStart, columns, values, rows);
        }
    }
}
