using System.Text;
using System.Text.Json;

namespace Fpx.Load;

/// <summary>
/// The report as JSON (load/README.md documents every key). One object per scenario with
/// <c>requests</c>, <c>ok</c>, <c>failed</c> (by code), <c>rps</c>, <c>p50_us</c> .. <c>max_us</c>,
/// <c>deadline_miss_rate</c> and the same per variant; the whole report lists them under
/// <c>scenarios</c> and, when there is exactly one, also copies its keys to the top level.
/// Figures that do not exist (percentiles of nothing) are null.
/// </summary>
public static class JsonReport
{
    /// <summary>Writes the report.</summary>
    /// <param name="report">The run.</param>
    /// <param name="thresholds">Verdicts to include (may be empty).</param>
    /// <returns>Indented JSON.</returns>
    public static string Write(LoadReport report, IReadOnlyList<ThresholdResult>? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("started_at", report.StartedAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteNumber("elapsed_s", report.ElapsedSeconds);
            if (report.Scenarios.Count == 1)
            {
                ScenarioFields(w, report.Scenarios[0]);
            }

            w.WriteStartArray("scenarios");
            foreach (ScenarioStats s in report.Scenarios)
            {
                w.WriteStartObject();
                ScenarioFields(w, s);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            thresholds ??= [];
            w.WriteBoolean("passed", thresholds.All(t => t.Passed));
            w.WriteStartArray("thresholds");
            foreach (ThresholdResult t in thresholds)
            {
                w.WriteStartObject();
                w.WriteString("threshold", t.Threshold.Text);
                w.WriteString("scenario", t.Scenario);
                Number(w, "actual", t.Actual);
                w.WriteNumber("limit", t.Threshold.Limit);
                w.WriteBoolean("passed", t.Passed);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void ScenarioFields(Utf8JsonWriter w, ScenarioStats s)
    {
        w.WriteString("scenario", s.Name);
        w.WriteNumber("duration_s", s.DurationSeconds);
        w.WriteNumber("requests", s.Requests);
        w.WriteNumber("ok", s.Ok);
        w.WriteStartObject("failed");
        foreach ((string code, long n) in s.FailedByCode)
        {
            w.WriteNumber(code, n);
        }

        w.WriteEndObject();
        w.WriteNumber("failed_total", s.Failed);
        w.WriteNumber("fail_rate", s.FailRate);
        w.WriteNumber("rps", s.Rps);
        w.WriteNumber("ok_rps", s.OkRps);
        Percentiles(w, s.Latency);
        w.WriteNumber("decisions", s.Decisions);
        w.WriteNumber("deadline_missed", s.DeadlineMissed);
        w.WriteNumber("deadline_miss_rate", s.DeadlineMissRate);
        w.WriteStartObject("variants");
        foreach (VariantStats v in s.Variants)
        {
            w.WriteStartObject(v.Name);
            w.WriteNumber("requests", v.Requests);
            Percentiles(w, v.Latency);
            w.WriteNumber("deadline_missed", v.DeadlineMissed);
            w.WriteNumber("deadline_miss_rate", v.DeadlineMissRate);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        Histogram(w, "service", s.Service);
        Histogram(w, "overhead", s.Overhead);
        Histogram(w, "queue", s.Queue);
        Histogram(w, "host_overhead", s.HostOverhead);
        w.WriteNumber("timeline_interval_s", s.TimelineInterval.TotalSeconds);
        w.WriteStartArray("timeline");
        foreach (TimelinePoint p in s.Timeline)
        {
            w.WriteStartObject();
            w.WriteNumber("t_s", p.StartSeconds);
            w.WriteNumber("requests", p.Requests);
            w.WriteNumber("ok", p.Ok);
            w.WriteNumber("failed", p.Failed);
            if (p.FailedByCode.Count > 0)
            {
                w.WriteStartObject("failed_by_code");
                foreach ((string code, long n) in p.FailedByCode)
                {
                    w.WriteNumber(code, n);
                }

                w.WriteEndObject();
            }

            Number(w, "p50_us", p.P50Microseconds);
            Number(w, "p99_us", p.P99Microseconds);
            Number(w, "max_us", p.MaxMicroseconds);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void Percentiles(Utf8JsonWriter w, LatencyHistogram h)
    {
        Number(w, "p50_us", h.Percentile(0.5));
        Number(w, "p75_us", h.Percentile(0.75));
        Number(w, "p90_us", h.Percentile(0.9));
        Number(w, "p95_us", h.Percentile(0.95));
        Number(w, "p99_us", h.Percentile(0.99));
        Number(w, "p999_us", h.Percentile(0.999));
        Number(w, "max_us", h.Max);
        Number(w, "mean_us", h.Mean);
    }

    private static void Histogram(Utf8JsonWriter w, string name, LatencyHistogram h)
    {
        w.WriteStartObject(name);
        w.WriteNumber("count", h.Count);
        Percentiles(w, h);
        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, Math.Round(value, 3));
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
