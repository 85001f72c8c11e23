using Fpx.Engine.Quant;

namespace Fpx.Bench;

internal static class BenchData
{
    /// <summary>N(0, 0.02) weights; big matrices repeat a quantized slab (QuantizedMatrix.RepeatRows).</summary>
    public static QuantizedMatrix Matrix(WeightFormat format, int rows, int cols)
    {
        int seedRows = Math.Min(rows, Math.Max(1, (1 << 22) / cols));
        var weights = Gaussian(seedRows * cols, 1);
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] *= 0.02f;
        }
        var slab = QuantizedMatrix.Quantize(weights, seedRows, cols, format);
        if (seedRows == rows)
        {
            return slab;
        }
        using (slab)
        {
            return QuantizedMatrix.RepeatRows(slab, rows);
        }
    }

    public static float[] Gaussian(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }
        return values;
    }
}
