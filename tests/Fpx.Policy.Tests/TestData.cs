namespace Fpx.Policy.Tests;

/// <summary>Seeded samples for the tests, so every run sees the same numbers.</summary>
internal static class TestData
{
    /// <summary>Log-normal samples with the given median and log-spread.</summary>
    public static double[] LogNormal(int count, double median, double sigma, int seed)
    {
        var random = new Random(seed);
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            double z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            values[i] = median * Math.Exp(sigma * z);
        }

        return values;
    }

    /// <summary>The exact q-quantile of <paramref name="values"/> (linear interpolation between order statistics).</summary>
    public static double Quantile(double[] values, double q)
    {
        var sorted = values.Order().ToArray();
        double position = q * (sorted.Length - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }
}
