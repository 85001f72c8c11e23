namespace Fpx.Engine.Tests;

/// <summary>Seeded random weights and activations.</summary>
internal static class TestData
{
    public static float[] Gaussian(int count, int seed, double sigma = 1.0)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)(sigma * StandardNormal(random));
        }
        return values;
    }

    /// <summary>Student-t with <paramref name="dof"/> degrees of freedom: heavy tails, like real weight outliers.</summary>
    public static float[] StudentT(int count, int seed, double dof = 3, double scale = 1.0)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            double chi2 = 0;
            for (int k = 0; k < (int)dof; k++)
            {
                double z = StandardNormal(random);
                chi2 += z * z;
            }
            values[i] = (float)(scale * StandardNormal(random) / Math.Sqrt(chi2 / dof));
        }
        return values;
    }

    public static double StandardNormal(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
