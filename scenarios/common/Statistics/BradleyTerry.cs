namespace Fpx.Scenarios.Statistics;

/// <summary>
/// Bradley-Terry strengths from pairwise results, P(i beats j) = p_i / (p_i + p_j), fitted by the
/// minorization-maximization iteration of Hunter (2004), "MM algorithms for generalized
/// Bradley-Terry models", eq. (3): p_i = W_i / sum_j n_ij / (p_i + p_j). Draws count half a win to
/// each side.
/// </summary>
public static class BradleyTerry
{
    /// <summary>Fits strengths.</summary>
    /// <param name="wins">wins[i, j] = (possibly fractional) wins of i over j; the diagonal is ignored.</param>
    /// <param name="prior">
    /// Virtual games added to every pair, split evenly: keeps a player with no wins finite (the MLE
    /// is then at 0) and shrinks small samples toward equality. 0 gives the plain maximum likelihood.
    /// </param>
    /// <param name="maxIterations">Iteration cap.</param>
    /// <param name="tolerance">Stops when no log-strength moves by more than this.</param>
    /// <returns>Strengths normalized to a geometric mean of 1.</returns>
    public static double[] Fit(double[,] wins, double prior = 0, int maxIterations = 10_000, double tolerance = 1e-10)
    {
        ArgumentNullException.ThrowIfNull(wins);
        int n = wins.GetLength(0);
        if (wins.GetLength(1) != n)
        {
            throw new ArgumentException("the win matrix must be square", nameof(wins));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(prior);
        var w = new double[n, n];
        var total = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                if (i != j)
                {
                    if (!(wins[i, j] >= 0 && double.IsFinite(wins[i, j])))
                    {
                        throw new ArgumentOutOfRangeException(nameof(wins), wins[i, j], $"wins[{i}, {j}] must be finite and non-negative");
                    }
                    w[i, j] = wins[i, j] + prior / 2;
                    total[i] += w[i, j];
                }
            }
        }
        var p = Enumerable.Repeat(1.0, n).ToArray();
        var next = new double[n];
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            for (int i = 0; i < n; i++)
            {
                double denominator = 0;
                for (int j = 0; j < n; j++)
                {
                    double games = i == j ? 0 : w[i, j] + w[j, i];
                    if (games > 0)
                    {
                        denominator += games / (p[i] + p[j]);
                    }
                }
                next[i] = denominator > 0 ? total[i] / denominator : p[i];
            }
            Normalize(next);
            double change = 0;
            for (int i = 0; i < n; i++)
            {
                change = Math.Max(change, Math.Abs(Math.Log(Math.Max(next[i], 1e-300)) - Math.Log(Math.Max(p[i], 1e-300))));
                p[i] = next[i];
            }
            if (change < tolerance)
            {
                break;
            }
        }
        return p;
    }

    /// <summary>Strength on the Elo scale: 400 log10(p), so 400 points = 10:1 odds.</summary>
    public static double ToElo(double strength) => 400 * Math.Log10(strength);

    private static void Normalize(double[] p)
    {
        double logMean = 0;
        int positive = 0;
        foreach (double v in p)
        {
            if (v > 0)
            {
                logMean += Math.Log(v);
                positive++;
            }
        }
        double scale = positive == 0 ? 1 : Math.Exp(-logMean / positive);
        for (int i = 0; i < p.Length; i++)
        {
            p[i] *= scale;
        }
    }
}
