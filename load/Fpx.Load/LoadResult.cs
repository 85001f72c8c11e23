using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Fpx.Load;

/// <summary>What an open-loop run measured.</summary>
/// <param name="Sent">Requests sent.</param>
/// <param name="Outcomes">Counts by outcome: <c>ok</c>, the host's error codes, the client's (<c>client_timeout</c>, ...), <c>not_sent</c>, <c>no_response</c>.</param>
/// <param name="Latency">µs from each request's due time to its answer (the open-loop latency).</param>
/// <param name="Service">µs from each request's send to its answer.</param>
/// <param name="Overhead">For decisions: service time minus the host's compute time, in µs (the host's and the network's own cost).</param>
/// <param name="Queue">For decisions: the host's queue time, in µs.</param>
/// <param name="HostOverhead">For decisions: the host's own time minus compute (<c>host_us − compute_us</c>: from reading the request to writing the response, queue included), in µs.</param>
/// <param name="DeadlineMissed">Decisions the host wrote after their deadline.</param>
/// <param name="SendSeconds">How long sending took.</param>
/// <param name="ElapsedSeconds">From the first due time to the end of the drain.</param>
public sealed record LoadResult(
    long Sent,
    IReadOnlyDictionary<string, long> Outcomes,
    LatencyHistogram Latency,
    LatencyHistogram Service,
    LatencyHistogram Overhead,
    LatencyHistogram Queue,
    LatencyHistogram HostOverhead,
    long DeadlineMissed,
    double SendSeconds,
    double ElapsedSeconds)
{
    /// <summary>The outcome name of a decision.</summary>
    public const string Ok = "ok";

    /// <summary>Requests due while too many were outstanding.</summary>
    public const string NotSent = "not_sent";

    /// <summary>Requests still unanswered when the drain timeout ended.</summary>
    public const string NoResponse = "no_response";

    /// <summary>Requests per second actually sent.</summary>
    public double AchievedRate => SendSeconds > 0 ? Sent / SendSeconds : 0;

    /// <summary>Text report: one line per histogram (<c>p50_us=.. p99_us=.. p999_us=.. max_us=..</c>) and the counts.</summary>
    /// <returns>The text.</returns>
    public string ToText()
    {
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"sent={Sent} rate={AchievedRate:F0}/s elapsed_s={ElapsedSeconds:F2} deadline_missed={DeadlineMissed}");
        Line(s, "latency", Latency);
        Line(s, "service", Service);
        Line(s, "overhead", Overhead);
        Line(s, "queue", Queue);
        Line(s, "host_overhead", HostOverhead);
        s.Append("outcomes");
        foreach ((string key, long value) in Outcomes.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            s.Append(CultureInfo.InvariantCulture, $" {key}={value}");
        }

        return s.AppendLine().ToString();
    }

    private static void Line(StringBuilder s, string name, LatencyHistogram h) =>
        s.AppendLine(CultureInfo.InvariantCulture,
            $"{name} count={h.Count} p50_us={h.Percentile(0.5):F1} p99_us={h.Percentile(0.99):F1} p999_us={h.Percentile(0.999):F1} max_us={h.Max:F1}");

    /// <summary>The result as JSON (same figures as <see cref="ToText"/>).</summary>
    /// <returns>Indented JSON.</returns>
    public string ToJson()
    {
        static object Summary(LatencyHistogram h) => new Dictionary<string, double>
        {
            ["count"] = h.Count,
            ["p50_us"] = Finite(h.Percentile(0.5)),
            ["p90_us"] = Finite(h.Percentile(0.9)),
            ["p99_us"] = Finite(h.Percentile(0.99)),
            ["p999_us"] = Finite(h.Percentile(0.999)),
            ["max_us"] = Finite(h.Max),
            ["mean_us"] = Finite(h.Mean),
        };
        var document = new Dictionary<string, object>
        {
            ["sent"] = Sent,
            ["rate"] = AchievedRate,
            ["elapsed_s"] = ElapsedSeconds,
            ["deadline_missed"] = DeadlineMissed,
            ["outcomes"] = Outcomes,
            ["latency"] = Summary(Latency),
            ["service"] = Summary(Service),
            ["overhead"] = Summary(Overhead),
            ["queue"] = Summary(Queue),
            ["host_overhead"] = Summary(HostOverhead),
        };
        return JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true });
    }

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;
}
