using Fpx.Engine.Quant;

namespace Fpx.Host.Bench;

/// <summary>Relative RMS error of quantizing sample weights, for `fpx formats error` and bench/RESULTS.md.</summary>
internal static class QuantizationError
{
    public static double RelativeRms(float[] weights, int rows, int cols, WeightFormat format, ScaleRule rule)
    {
        using var m = QuantizedMatrix.Quantize(weights, rows, cols, format, rule);
        var row = new float[cols];
        double error = 0, norm = 0;
        for (int r = 0; r < rows; r++)
        {
            m.DequantizeRow(r, row);
            for (int c = 0; c < cols; c++)
            {
                double w = weights[r * cols + c];
                error += (w - row[c]) * (w - row[c]);
                norm += w * w;
            }
        }
        return Math.Sqrt(error / norm);
    }

    public static float[] Gaussian(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)Normal(random);
        }
        return values;
    }

    /// <summary>Student-t: a normal divided by the root of a chi-square over its degrees of freedom.</summary>
    public static float[] StudentT(int count, int seed, int dof)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            double chi2 = 0;
            for (int k = 0; k < dof; k++)
            {
                double z = Normal(random);
                chi2 += z * z;
            }
            values[i] = (float)(Normal(random) / Math.Sqrt(chi2 / dof));
        }
        return values;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
