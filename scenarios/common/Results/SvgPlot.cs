using System.Globalization;
using System.Net;
using System.Text;

namespace Fpx.Scenarios;

/// <summary>
/// Outcome against mean latency as a standalone SVG: one point per row with its 95% interval as an
/// error bar, labelled with the policy, one colour per mode. Written by hand (no plotting package
/// is served here) and deterministic, so plots diff cleanly.
/// </summary>
public static class SvgPlot
{
    private const int Width = 720;
    private const int Height = 440;
    private const int Left = 80;
    private const int Right = 170;
    private const int Top = 40;
    private const int Bottom = 60;
    private static readonly string[] Colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];

    /// <summary>Renders the plot.</summary>
    /// <param name="rows">Rows to plot (all should share one metric).</param>
    /// <param name="title">Title above the plot.</param>
    public static string Render(IReadOnlyList<ScenarioResult> rows, string title)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" font-family=\"sans-serif\" font-size=\"11\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">{Escape(title)}</text>\n");
        if (rows.Count == 0)
        {
            return svg.Append("</svg>\n").ToString();
        }
        var (xMin, xMax) = Range(rows.Select(r => r.LatencyMeanUs), includeZero: true);
        var (yMin, yMax) = Range(rows.SelectMany(r => new[] { r.Outcome, r.CiLow, r.CiHigh }), includeZero: false);
        double plotW = Width - Left - Right, plotH = Height - Top - Bottom;
        double X(double v) => Left + (v - xMin) / (xMax - xMin) * plotW;
        double Y(double v) => Top + plotH - (v - yMin) / (yMax - yMin) * plotH;

        Axes(svg, xMin, xMax, yMin, yMax, X, Y, plotW, plotH, rows[0].Metric);
        var modes = rows.Select(r => r.Mode).Distinct(StringComparer.Ordinal).ToList();
        foreach (var row in rows)
        {
            string colour = Colours[modes.IndexOf(row.Mode) % Colours.Length];
            double x = X(row.LatencyMeanUs);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x:F1}\" y1=\"{Y(row.CiLow):F1}\" x2=\"{x:F1}\" y2=\"{Y(row.CiHigh):F1}\" stroke=\"{colour}\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{x:F1}\" cy=\"{Y(row.Outcome):F1}\" r=\"4\" fill=\"{colour}\"><title>{Escape(row.Policy)}</title></circle>\n");
            // Each mode's labels sit on their own line so rows of two modes at one point stay readable.
            double labelY = Y(row.Outcome) - 6 + 13 * modes.IndexOf(row.Mode);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 6:F1}\" y=\"{labelY:F1}\" fill=\"{colour}\">{Escape(row.Policy)}</text>\n");
        }
        for (int m = 0; m < modes.Count; m++)
        {
            double ly = Top + 10 + 18 * m;
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{Width - Right + 20}\" cy=\"{ly:F1}\" r=\"4\" fill=\"{Colours[m % Colours.Length]}\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right + 30}\" y=\"{ly + 4:F1}\">{Escape(modes[m])}</text>\n");
        }
        return svg.Append("</svg>\n").ToString();
    }

    private static void Axes(StringBuilder svg, double xMin, double xMax, double yMin, double yMax,
        Func<double, double> x, Func<double, double> y, double plotW, double plotH, string metric)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"#444\"/>\n");
        foreach (double t in Ticks(xMin, xMax).Where(t => t >= 0))
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x(t):F1}\" y1=\"{Top + plotH}\" x2=\"{x(t):F1}\" y2=\"{Top + plotH + 5}\" stroke=\"#444\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x(t):F1}\" y=\"{Top + plotH + 18}\" text-anchor=\"middle\">{t.ToString("G4", CultureInfo.InvariantCulture)}</text>\n");
        }
        foreach (double t in Ticks(yMin, yMax))
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left - 5}\" y1=\"{y(t):F1}\" x2=\"{Left + plotW}\" y2=\"{y(t):F1}\" stroke=\"#ddd\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 8}\" y=\"{y(t) + 4:F1}\" text-anchor=\"end\">{t.ToString("G4", CultureInfo.InvariantCulture)}</text>\n");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + plotW / 2}\" y=\"{Height - 15}\" text-anchor=\"middle\">mean decision latency (us)</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(18,{Top + plotH / 2}) rotate(-90)\" text-anchor=\"middle\">{Escape(metric)} (95% CI)</text>\n");
    }

    /// <summary>Data range padded by 8% (and widened when flat) so points never sit on the frame.</summary>
    internal static (double Min, double Max) Range(IEnumerable<double> values, bool includeZero)
    {
        var finite = values.Where(double.IsFinite).ToList();
        double min = finite.Count == 0 ? 0 : finite.Min(), max = finite.Count == 0 ? 1 : finite.Max();
        if (includeZero)
        {
            min = Math.Min(min, 0);
        }
        if (max - min < 1e-12)
        {
            double pad = Math.Max(Math.Abs(max) * 0.1, 1e-3);
            return (min - pad, max + pad);
        }
        double margin = (max - min) * 0.08;
        // With zero included (latency), pad a little left of it so points at 0 do not sit on the frame.
        return (includeZero && min == 0 ? -margin / 2 : min - margin, max + margin);
    }

    /// <summary>About five ticks at 1, 2 or 5 times a power of ten.</summary>
    internal static IEnumerable<double> Ticks(double min, double max)
    {
        double raw = (max - min) / 5;
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double mantissa = raw / magnitude;
        double step = magnitude * (mantissa < 1.5 ? 1 : mantissa < 3.5 ? 2 : mantissa < 7.5 ? 5 : 10);
        for (double t = Math.Ceiling(min / step) * step; t <= max + step * 1e-9; t += step)
        {
            yield return Math.Abs(t) < step * 1e-9 ? 0 : t;
        }
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
