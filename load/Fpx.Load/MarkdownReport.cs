using System.Globalization;
using System.Text;

namespace Fpx.Load;

/// <summary>The report as Markdown: per scenario, counts, throughput, latency percentiles, failures by code and variants; then the thresholds.</summary>
public static class MarkdownReport
{
    /// <summary>Writes the report.</summary>
    /// <param name="report">The run.</param>
    /// <param name="thresholds">Verdicts to list (may be empty).</param>
    /// <returns>Markdown text.</returns>
    public static string Write(LoadReport report, IReadOnlyList<ThresholdResult>? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var s = new StringBuilder();
        s.AppendLine("# Fpx load report").AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"Started {report.StartedAt:yyyy-MM-dd HH:mm:ss} UTC, {report.ElapsedSeconds:F1} s with the drain, {report.Scenarios.Count} scenario(s). Latency is measured from each request's due time (open model) or send time (closed model), failures included.");
        foreach (ScenarioStats x in report.Scenarios)
        {
            s.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"## Scenario `{x.Name}`").AppendLine();
            s.AppendLine("| requests | ok | failed | fail rate | rps | p50 | p75 | p95 | p99 | p99.9 | max | deadline miss |");
            s.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| {x.Requests} | {x.Ok} | {x.Failed} | {Formatting.Percent(x.FailRate)} | {Formatting.Number(x.Rps)} | {L(x, 0.5)} | {L(x, 0.75)} | {L(x, 0.95)} | {L(x, 0.99)} | {L(x, 0.999)} | {Formatting.Latency(x.Latency.Max)} | {Formatting.Percent(x.DeadlineMissRate)} |");
            if (x.FailedByCode.Count > 0)
            {
                s.AppendLine().AppendLine("| failed with | count | share of requests |").AppendLine("|---|---:|---:|");
                foreach ((string code, long n) in x.FailedByCode)
                {
                    s.AppendLine(CultureInfo.InvariantCulture, $"| `{code}` | {n} | {Formatting.Percent(n / (double)x.Requests)} |");
                }
            }

            if (x.Variants.Count > 0)
            {
                s.AppendLine().AppendLine("| variant | decisions | share | p50 | p99 | max | deadline misses | miss rate |").AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
                foreach (VariantStats v in x.Variants)
                {
                    s.AppendLine(CultureInfo.InvariantCulture,
                        $"| {v.Name} | {v.Requests} | {Formatting.Percent(x.Ok == 0 ? 0 : v.Requests / (double)x.Ok)} | {Formatting.Latency(v.Latency.Percentile(0.5))} | {Formatting.Latency(v.Latency.Percentile(0.99))} | {Formatting.Latency(v.Latency.Max)} | {v.DeadlineMissed} | {Formatting.Percent(v.DeadlineMissRate)} |");
                }
            }
        }

        if (thresholds is { Count: > 0 })
        {
            s.AppendLine().AppendLine("## Thresholds").AppendLine().AppendLine("| result | scenario | threshold | measured |").AppendLine("|---|---|---|---:|");
            foreach (ThresholdResult t in thresholds)
            {
                s.AppendLine(CultureInfo.InvariantCulture, $"| {(t.Passed ? "pass" : "**FAIL**")} | {t.Scenario} | `{t.Threshold.Text}` | {t.Threshold.Format(t.Actual)} |");
            }
        }

        return s.ToString();
    }

    private static string L(ScenarioStats x, double q) => Formatting.Latency(x.Percentile(q));
}
