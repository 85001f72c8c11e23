namespace Fpx.Scenarios;

/// <summary>Discretization helpers shared by the tokenizers.</summary>
public static class Buckets
{
    /// <summary>
    /// Index of the interval of <paramref name="value"/> among ascending <paramref name="edges"/>:
    /// 0 below edges[0], i when edges[i-1] &lt;= value &lt; edges[i], edges.Length at or above the last.
    /// </summary>
    public static int Of(double value, ReadOnlySpan<double> edges)
    {
        int i = 0;
        while (i < edges.Length && value >= edges[i])
        {
            i++;
        }
        return i;
    }

    /// <summary>Labels for the buckets of <see cref="Of"/>: <c>&lt;e0</c>, <c>e0..e1</c>, ..., <c>&gt;=eN</c>.</summary>
    public static string[] Labels(ReadOnlySpan<double> edges)
    {
        var labels = new string[edges.Length + 1];
        static string F(double v) => v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);
        labels[0] = "<" + F(edges[0]);
        for (int i = 1; i < edges.Length; i++)
        {
            labels[i] = F(edges[i - 1]) + ".." + F(edges[i]);
        }
        labels[^1] = ">=" + F(edges[^1]);
        return labels;
    }
}
