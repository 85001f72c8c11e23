using Fpx.Engine.Model;

namespace Fpx.Engine.Calibration;

/// <summary>A layer whose rank differs between the two sensitivity measures (ranks from 1 = least sensitive).</summary>
/// <param name="Layer">The layer.</param>
/// <param name="LayerOutputRank">Its rank by layer-output relative error.</param>
/// <param name="EndToEndRank">Its rank by end-to-end KL divergence.</param>
public sealed record RankMove(LinearLayer Layer, int LayerOutputRank, int EndToEndRank)
{
    /// <summary>End-to-end rank minus layer-output rank.</summary>
    public int Shift => EndToEndRank - LayerOutputRank;
}

/// <summary>For one mix ratio: how many of the FP4 layers the two rankings agree on.</summary>
/// <param name="Gamma">The mix ratio.</param>
/// <param name="Fp4Layers">Layers in FP4 at that ratio.</param>
/// <param name="Shared">Layers that both rankings put in FP4.</param>
public sealed record MixAgreement(double Gamma, int Fp4Layers, int Shared);

/// <summary>
/// How the layer-output ranking (the FPX paper's measure) and the end-to-end ranking agree:
/// Spearman's rho and Kendall's tau-b over the two measures, the layers that move, and whether the
/// standard mixes would pick the same FP4 layers.
/// </summary>
/// <param name="Spearman">Spearman rank correlation (ties get average ranks).</param>
/// <param name="KendallTau">Kendall's tau-b.</param>
/// <param name="Moves">Layers whose rank differs, largest shift first.</param>
/// <param name="Mixes">FP4-set agreement at each standard ratio.</param>
public sealed record RankingComparison(double Spearman, double KendallTau, IReadOnlyList<RankMove> Moves, IReadOnlyList<MixAgreement> Mixes)
{
    internal static RankingComparison Of(IReadOnlyList<LadderEntry> layers)
    {
        var a = layers.Select(e => e.RelativeError).ToArray();
        var b = layers.Select(e => e.EndToEndKl).ToArray();
        var byOutput = Ladder.Sort(layers, SensitivityMeasure.LayerOutput);
        var byEndToEnd = Ladder.Sort(layers, SensitivityMeasure.EndToEnd);
        var rankA = new int[layers.Count];
        var rankB = new int[layers.Count];
        for (int i = 0; i < layers.Count; i++)
        {
            rankA[byOutput[i].Index] = i + 1;
            rankB[byEndToEnd[i].Index] = i + 1;
        }
        var moves = layers.Where(e => rankA[e.Layer.Index] != rankB[e.Layer.Index])
            .Select(e => new RankMove(e.Layer, rankA[e.Layer.Index], rankB[e.Layer.Index]))
            .OrderByDescending(m => Math.Abs(m.Shift)).ThenBy(m => m.Layer.Index).ToArray();
        var mixes = Runtime.VariantNames.StandardGammas.Select(g =>
        {
            int k = Ladder.Fp4Count(layers.Count, g);
            return new MixAgreement(g, k, byOutput.Take(k).Intersect(byEndToEnd.Take(k)).Count());
        }).ToArray();
        return new RankingComparison(RankStatistics.Spearman(a, b), RankStatistics.KendallTauB(a, b), moves, mixes);
    }
}

/// <summary>Rank correlations (textbook definitions; O(n^2) Kendall is fine for a few hundred layers).</summary>
internal static class RankStatistics
{
    /// <summary>Spearman's rho: the Pearson correlation of the ranks, ties given their average rank.</summary>
    public static double Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var rx = AverageRanks(x);
        var ry = AverageRanks(y);
        double mx = rx.Average(), my = ry.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < rx.Length; i++)
        {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxx == 0 || syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>Kendall's tau-b: (concordant − discordant) / sqrt((n0 − ties in x)(n0 − ties in y)).</summary>
    public static double KendallTauB(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        long concordant = 0, discordant = 0, tiesX = 0, tiesY = 0, pairs = 0;
        for (int i = 0; i < x.Count; i++)
        {
            for (int j = i + 1; j < x.Count; j++)
            {
                int sx = Math.Sign(x[i] - x[j]), sy = Math.Sign(y[i] - y[j]);
                pairs++;
                if (sx == 0)
                {
                    tiesX++;
                }
                if (sy == 0)
                {
                    tiesY++;
                }
                if (sx * sy > 0)
                {
                    concordant++;
                }
                else if (sx * sy < 0)
                {
                    discordant++;
                }
            }
        }
        double denominator = Math.Sqrt((double)(pairs - tiesX) * (pairs - tiesY));
        return denominator == 0 ? double.NaN : (concordant - discordant) / denominator;
    }

    /// <summary>Ranks from 1, ties sharing the average of the ranks they span.</summary>
    public static double[] AverageRanks(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (int start = 0; start < order.Length;)
        {
            int end = start + 1;
            while (end < order.Length && values[order[end]] == values[order[start]])
            {
                end++;
            }
            double average = (start + 1 + end) / 2.0;
            for (int k = start; k < end; k++)
            {
                ranks[order[k]] = average;
            }
            start = end;
        }
        return ranks;
    }
}
