using System.Globalization;
using System.Net;
using System.Text;

namespace Fpx.Load;

/// <summary>
/// The report as one self-contained HTML page: the Markdown report's tables plus, per scenario, a
/// latency-over-time chart (p50, p99 and max of the requests due in each interval, log scale) and
/// a throughput chart (ok and failed per second), drawn as inline SVG. No scripts, no external
/// files, so it opens anywhere and can be kept as a CI artifact.
/// </summary>
public static class HtmlReport
{
    private const int Width = 760, Height = 220, Left = 64, Right = 16, Top = 14, Bottom = 34;

    /// <summary>Writes the page.</summary>
    /// <param name="report">The run.</param>
    /// <param name="thresholds">Verdicts to list (may be empty).</param>
    /// <returns>HTML text.</returns>
    public static string Write(LoadReport report, IReadOnlyList<ThresholdResult>? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var s = new StringBuilder();
        s.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Fpx load report</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0 16px}")
            .Append("th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}th:first-child,td:first-child{text-align:left}")
            .Append(".fail{color:#b00;font-weight:bold}.pass{color:#070}svg{background:#fafafa;border:1px solid #ddd}")
            .Append("svg text{font-size:11px;fill:#444}.legend span{display:inline-block;margin-right:14px}")
            .Append("</style></head><body>\n<h1>Fpx load report</h1>\n");
        s.Append(CultureInfo.InvariantCulture, $"<p>Started {E(report.StartedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))} UTC, {report.ElapsedSeconds:F1} s with the drain, {report.Scenarios.Count} scenario(s). Latency is measured from each request's due time (open model) or send time (closed model), failures included.</p>\n");
        if (thresholds is { Count: > 0 })
        {
            s.Append("<h2>Thresholds</h2>\n<table><tr><th>result</th><th>scenario</th><th>threshold</th><th>measured</th></tr>\n");
            foreach (ThresholdResult t in thresholds)
            {
                s.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"{(t.Passed ? "pass" : "fail")}\">{(t.Passed ? "pass" : "FAIL")}</td><td>{E(t.Scenario)}</td><td><code>{E(t.Threshold.Text)}</code></td><td>{E(t.Threshold.Format(t.Actual))}</td></tr>\n");
            }

            s.Append("</table>\n");
        }

        foreach (ScenarioStats x in report.Scenarios)
        {
            Scenario(s, x);
        }

        return s.Append("</body></html>\n").ToString();
    }

    private static void Scenario(StringBuilder s, ScenarioStats x)
    {
        s.Append(CultureInfo.InvariantCulture, $"<h2>Scenario <code>{E(x.Name)}</code></h2>\n");
        s.Append("<table><tr><th>requests</th><th>ok</th><th>failed</th><th>fail rate</th><th>rps</th><th>p50</th><th>p75</th><th>p95</th><th>p99</th><th>p99.9</th><th>max</th><th>deadline miss</th></tr>\n");
        s.Append(CultureInfo.InvariantCulture, $"<tr><td>{x.Requests}</td><td>{x.Ok}</td><td>{x.Failed}</td><td>{E(Formatting.Percent(x.FailRate))}</td><td>{Formatting.Number(x.Rps)}</td>");
        foreach (double q in new[] { 0.5, 0.75, 0.95, 0.99, 0.999 })
        {
            s.Append(CultureInfo.InvariantCulture, $"<td>{E(Formatting.Latency(x.Percentile(q)))}</td>");
        }

        s.Append(CultureInfo.InvariantCulture, $"<td>{E(Formatting.Latency(x.Latency.Max))}</td><td>{E(Formatting.Percent(x.DeadlineMissRate))}</td></tr></table>\n");
        if (x.FailedByCode.Count > 0)
        {
            s.Append("<table><tr><th>failed with</th><th>count</th><th>share of requests</th></tr>\n");
            foreach ((string code, long n) in x.FailedByCode)
            {
                s.Append(CultureInfo.InvariantCulture, $"<tr><td><code>{E(code)}</code></td><td>{n}</td><td>{E(Formatting.Percent(n / (double)x.Requests))}</td></tr>\n");
            }

            s.Append("</table>\n");
        }

        if (x.Variants.Count > 0)
        {
            s.Append("<table><tr><th>variant</th><th>decisions</th><th>p50</th><th>p99</th><th>max</th><th>deadline misses</th><th>miss rate</th></tr>\n");
            foreach (VariantStats v in x.Variants)
            {
                s.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(v.Name)}</td><td>{v.Requests}</td><td>{E(Formatting.Latency(v.Latency.Percentile(0.5)))}</td><td>{E(Formatting.Latency(v.Latency.Percentile(0.99)))}</td><td>{E(Formatting.Latency(v.Latency.Max))}</td><td>{v.DeadlineMissed}</td><td>{E(Formatting.Percent(v.DeadlineMissRate))}</td></tr>\n");
            }

            s.Append("</table>\n");
        }

        if (x.Timeline.Count > 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"<h3>Latency over time (requests by due time, {x.TimelineInterval.TotalSeconds:0.###} s intervals)</h3>\n");
            s.Append("<p class=\"legend\"><span style=\"color:#1f77b4\">&#9632; p50</span><span style=\"color:#ff7f0e\">&#9632; p99</span><span style=\"color:#d62728\">&#9632; max</span></p>\n");
            LatencyChart(s, x);
            s.Append("<h3>Throughput</h3>\n<p class=\"legend\"><span style=\"color:#2ca02c\">&#9632; ok/s</span><span style=\"color:#d62728\">&#9632; failed/s</span></p>\n");
            ThroughputChart(s, x);
        }
    }

    private static void LatencyChart(StringBuilder s, ScenarioStats x)
    {
        IReadOnlyList<TimelinePoint> points = x.Timeline;
        double[] all = [.. points.SelectMany(p => new[] { p.P50Microseconds, p.P99Microseconds, p.MaxMicroseconds }).Where(double.IsFinite)];
        if (all.Length == 0)
        {
            return;
        }

        // Log scale over whole decades, so gridlines fall on 1 µs, 10 µs, ... 1 s.
        double low = Math.Floor(Math.Log10(Math.Max(1, all.Min()))), high = Math.Max(low + 1, Math.Ceiling(Math.Log10(all.Max())));
        double span = TimeSpan(x);
        double Y(double us) => Top + ((Height - Top - Bottom) * (1 - ((Math.Log10(Math.Max(1, us)) - low) / (high - low))));
        Frame(s, span, out Func<double, double> xOf);
        for (double d = low; d <= high; d++)
        {
            double y = Y(Math.Pow(10, d));
            s.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{y:F1}\" x2=\"{Width - Right}\" y2=\"{y:F1}\" stroke=\"#e4e4e4\"/><text x=\"{Left - 6}\" y=\"{y + 4:F1}\" text-anchor=\"end\">{E(Decade(d))}</text>");
        }

        double half = x.TimelineInterval.TotalSeconds / 2;
        Series(s, points, p => p.P50Microseconds, p => xOf(p.StartSeconds + half), Y, "#1f77b4", "");
        Series(s, points, p => p.P99Microseconds, p => xOf(p.StartSeconds + half), Y, "#ff7f0e", "");
        Series(s, points, p => p.MaxMicroseconds, p => xOf(p.StartSeconds + half), Y, "#d62728", " stroke-dasharray=\"4 3\"");
        s.Append("</svg>\n");
    }

    private static void ThroughputChart(StringBuilder s, ScenarioStats x)
    {
        double interval = x.TimelineInterval.TotalSeconds;
        double top = Math.Max(1, x.Timeline.Max(p => (p.Ok + p.Failed) / interval));
        double Y(double perSecond) => Top + ((Height - Top - Bottom) * (1 - (perSecond / top)));
        Frame(s, TimeSpan(x), out Func<double, double> xOf);
        for (int i = 0; i <= 4; i++)
        {
            double v = top * i / 4, y = Y(v);
            s.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{y:F1}\" x2=\"{Width - Right}\" y2=\"{y:F1}\" stroke=\"#e4e4e4\"/><text x=\"{Left - 6}\" y=\"{y + 4:F1}\" text-anchor=\"end\">{v:0.#}</text>");
        }

        foreach (TimelinePoint p in x.Timeline)
        {
            double x0 = xOf(p.StartSeconds), w = Math.Max(1, xOf(p.StartSeconds + interval) - x0 - 1);
            double okTop = Y(p.Ok / interval), failTop = Y((p.Ok + p.Failed) / interval);
            s.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x0:F1}\" y=\"{okTop:F1}\" width=\"{w:F1}\" height=\"{Y(0) - okTop:F1}\" fill=\"#2ca02c\"/>");
            if (p.Failed > 0)
            {
                s.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x0:F1}\" y=\"{failTop:F1}\" width=\"{w:F1}\" height=\"{okTop - failTop:F1}\" fill=\"#d62728\"/>");
            }
        }

        s.Append("</svg>\n");
    }

    private static double TimeSpan(ScenarioStats x) => Math.Max(x.TimelineInterval.TotalSeconds, x.Timeline.Count * x.TimelineInterval.TotalSeconds);

    /// <summary>Opens the SVG, draws the axes and time ticks, and gives the x mapping.</summary>
    private static void Frame(StringBuilder s, double span, out Func<double, double> xOf)
    {
        xOf = t => Left + ((Width - Left - Right) * t / span);
        s.Append(CultureInfo.InvariantCulture, $"<svg width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\">");
        s.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"#888\"/><line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"#888\"/>");
        double step = NiceStep(span / 8);
        for (double t = 0; t <= span + 1e-9; t += step)
        {
            double px = xOf(t);
            s.Append(CultureInfo.InvariantCulture, $"<line x1=\"{px:F1}\" y1=\"{Height - Bottom}\" x2=\"{px:F1}\" y2=\"{Height - Bottom + 4}\" stroke=\"#888\"/><text x=\"{px:F1}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{t:0.##} s</text>");
        }
    }

    private static double NiceStep(double raw)
    {
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(Math.Max(raw, 1e-3))));
        double f = raw / magnitude;
        return magnitude * (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10);
    }

    /// <summary>A polyline per run of intervals that have a value (no line across empty intervals).</summary>
    private static void Series(StringBuilder s, IReadOnlyList<TimelinePoint> points, Func<TimelinePoint, double> value, Func<TimelinePoint, double> xOf, Func<double, double> yOf, string color, string extra)
    {
        var run = new StringBuilder();
        int count = 0;
        void Flush()
        {
            if (count == 1)
            {
                string[] xy = run.ToString().Trim().Split(',');
                s.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{xy[0]}\" cy=\"{xy[1]}\" r=\"2\" fill=\"{color}\"/>");
            }
            else if (count > 1)
            {
                s.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"1.5\"{extra} points=\"{run.ToString().Trim()}\"/>");
            }

            run.Clear();
            count = 0;
        }

        foreach (TimelinePoint p in points)
        {
            double v = value(p);
            if (!double.IsFinite(v))
            {
                Flush();
                continue;
            }

            run.Append(CultureInfo.InvariantCulture, $"{xOf(p):F1},{yOf(v):F1} ");
            count++;
        }

        Flush();
    }

    /// <summary>A gridline label: 1 µs, 10 µs, ... 1 ms, ... 1 s, 10 s.</summary>
    private static string Decade(double exponent)
    {
        int e = (int)exponent;
        (string unit, int shift) = e < 3 ? ("µs", 0) : e < 6 ? ("ms", 3) : ("s", 6);
        return string.Create(CultureInfo.InvariantCulture, $"{Math.Pow(10, e - shift):0} {unit}");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
