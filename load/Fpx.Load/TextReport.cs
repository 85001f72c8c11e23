using System.Globalization;
using System.Text;

namespace Fpx.Load;

/// <summary>
/// The report as plain lines for terminals and scripts (the format of the first <c>fpx load</c>,
/// kept so bench scripts keep reading it): per scenario, a header line, one line per histogram
/// (<c>latency count=.. p50_us=.. p99_us=.. p999_us=.. max_us=..</c>), the outcomes and one line
/// per variant; then one line per threshold verdict.
/// </summary>
public static class TextReport
{
    /// <summary>Writes the report.</summary>
    /// <param name="report">The run.</param>
    /// <param name="thresholds">Verdicts to list (may be empty).</param>
    /// <returns>The text.</returns>
    public static string Write(LoadReport report, IReadOnlyList<ThresholdResult>? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var s = new StringBuilder();
        foreach (ScenarioStats x in report.Scenarios)
        {
            s.AppendLine(CultureInfo.InvariantCulture,
                $"scenario={x.Name} requests={x.Requests} ok={x.Ok} failed={x.Failed} rps={x.Rps:F0} duration_s={x.DurationSeconds:F2} deadline_missed={x.DeadlineMissed} deadline_miss_rate={x.DeadlineMissRate:F5}");
            Line(s, "latency", x.Latency);
            Line(s, "service", x.Service);
            Line(s, "overhead", x.Overhead);
            Line(s, "queue", x.Queue);
            Line(s, "host_overhead", x.HostOverhead);
            s.Append(CultureInfo.InvariantCulture, $"outcomes ok={x.Ok}");
            foreach ((string code, long n) in x.FailedByCode)
            {
                s.Append(CultureInfo.InvariantCulture, $" {code}={n}");
            }

            s.AppendLine();
            foreach (VariantStats v in x.Variants)
            {
                s.AppendLine(CultureInfo.InvariantCulture,
                    $"variant {v.Name} count={v.Requests} p50_us={v.Latency.Percentile(0.5):F1} p99_us={v.Latency.Percentile(0.99):F1} max_us={v.Latency.Max:F1} deadline_miss_rate={v.DeadlineMissRate:F5}");
            }
        }

        foreach (ThresholdResult t in thresholds ?? [])
        {
            s.AppendLine(t.ToString());
        }

        return s.ToString();
    }

    private static void Line(StringBuilder s, string name, LatencyHistogram h) =>
        s.AppendLine(CultureInfo.InvariantCulture,
            $"{name} count={h.Count} p50_us={h.Percentile(0.5):F1} p99_us={h.Percentile(0.99):F1} p999_us={h.Percentile(0.999):F1} max_us={h.Max:F1}");
}
