using System.Globalization;
using System.Text.RegularExpressions;

namespace Fpx.Load;

/// <summary>What a threshold bounds.</summary>
public enum ThresholdMetric
{
    /// <summary>Median latency.</summary>
    P50,
    /// <summary>75th percentile latency.</summary>
    P75,
    /// <summary>90th percentile latency.</summary>
    P90,
    /// <summary>95th percentile latency.</summary>
    P95,
    /// <summary>99th percentile latency.</summary>
    P99,
    /// <summary>99.9th percentile latency.</summary>
    P999,
    /// <summary>Largest latency.</summary>
    Max,
    /// <summary>Mean latency.</summary>
    Mean,
    /// <summary>Failures over requests.</summary>
    Fail,
    /// <summary>Answers after their deadline over decisions.</summary>
    DeadlineMiss,
    /// <summary>Requests answered per second.</summary>
    Rps,
}

/// <summary>How a measured value must compare with the limit.</summary>
public enum ThresholdOperator
{
    /// <summary>Below the limit.</summary>
    Less,
    /// <summary>At most the limit.</summary>
    LessOrEqual,
    /// <summary>Above the limit.</summary>
    Greater,
    /// <summary>At least the limit.</summary>
    GreaterOrEqual,
}

/// <summary>A threshold that does not parse; the message says what is wrong and what is expected.</summary>
public sealed class ThresholdFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="text">The threshold as given.</param>
    /// <param name="problem">What is wrong with it.</param>
    public ThresholdFormatException(string text, string problem)
        : base($"Threshold '{text}': {problem}")
    {
        Text = text;
        Problem = problem;
    }

    /// <summary>The threshold as given.</summary>
    public string Text { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }
}

/// <summary>
/// A service-level threshold such as <c>p99&lt;5ms</c>, <c>fail&lt;0.1%</c>,
/// <c>deadline_miss&lt;0.1%</c>, <c>rps&gt;900</c>, optionally for one scenario:
/// <c>trading:p99&lt;2ms</c>. Grammar: <c>[SCENARIO:]METRIC OP VALUE</c>, where METRIC is
/// p50, p75, p90, p95, p99, p999 (or p99.9), max, mean (latencies: VALUE needs a unit us, µs, ms
/// or s), fail, deadline_miss (rates: a percentage such as 0.1% or a fraction in [0, 1]) or rps
/// (a plain number, per second); OP is &lt;, &lt;=, &gt; or &gt;=.
/// </summary>
public sealed partial record Threshold
{
    private static readonly Dictionary<string, ThresholdMetric> Metrics = new(StringComparer.Ordinal)
    {
        ["p50"] = ThresholdMetric.P50,
        ["p75"] = ThresholdMetric.P75,
        ["p90"] = ThresholdMetric.P90,
        ["p95"] = ThresholdMetric.P95,
        ["p99"] = ThresholdMetric.P99,
        ["p999"] = ThresholdMetric.P999,
        ["p99.9"] = ThresholdMetric.P999,
        ["max"] = ThresholdMetric.Max,
        ["mean"] = ThresholdMetric.Mean,
        ["fail"] = ThresholdMetric.Fail,
        ["deadline_miss"] = ThresholdMetric.DeadlineMiss,
        ["rps"] = ThresholdMetric.Rps,
    };

    private Threshold(string text, string? scenario, ThresholdMetric metric, ThresholdOperator op, double limit)
    {
        Text = text;
        Scenario = scenario;
        Metric = metric;
        Operator = op;
        Limit = limit;
    }

    /// <summary>The threshold as written (trimmed).</summary>
    public string Text { get; }

    /// <summary>The scenario it applies to, or null for every scenario.</summary>
    public string? Scenario { get; }

    /// <summary>What it bounds.</summary>
    public ThresholdMetric Metric { get; }

    /// <summary>The comparison.</summary>
    public ThresholdOperator Operator { get; }

    /// <summary>The limit in base units: µs for latencies, a fraction for rates, per second for rps.</summary>
    public double Limit { get; }

    /// <summary>True for the latency metrics.</summary>
    public bool IsLatency => Metric is not (ThresholdMetric.Fail or ThresholdMetric.DeadlineMiss or ThresholdMetric.Rps);

    /// <summary>Parses a threshold strictly.</summary>
    /// <param name="text">E.g. <c>p99&lt;5ms</c>.</param>
    /// <returns>The threshold.</returns>
    /// <exception cref="ThresholdFormatException">It does not parse; the message says why.</exception>
    public static Threshold Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        Match m = Shape().Match(t);
        if (!m.Success)
        {
            throw new ThresholdFormatException(text, "expected [SCENARIO:]METRIC OP VALUE, e.g. p99<5ms, fail<0.1%, deadline_miss<0.1%, rps>900 or trading:p99<2ms (OP is <, <=, > or >=).");
        }

        string name = m.Groups["metric"].Value;
        if (!Metrics.TryGetValue(name, out ThresholdMetric metric))
        {
            throw new ThresholdFormatException(text, $"unknown metric '{name}'; known: {string.Join(", ", Metrics.Keys)}.");
        }

        string? scenario = m.Groups["scenario"].Success ? m.Groups["scenario"].Value : null;
        ThresholdOperator op = m.Groups["op"].Value switch
        {
            "<" => ThresholdOperator.Less,
            "<=" => ThresholdOperator.LessOrEqual,
            ">" => ThresholdOperator.Greater,
            _ => ThresholdOperator.GreaterOrEqual,
        };
        if (!double.TryParse(m.Groups["value"].Value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            throw new ThresholdFormatException(text, $"'{m.Groups["value"].Value}' is not a number.");
        }

        string unit = m.Groups["unit"].Value;
        double limit = metric switch
        {
            ThresholdMetric.Fail or ThresholdMetric.DeadlineMiss => Rate(text, name, value, unit),
            ThresholdMetric.Rps => unit is "" or "/s" ? value : throw new ThresholdFormatException(text, $"rps is a plain number of requests per second (e.g. rps>900), not '{unit}'."),
            _ => Latency(text, name, value, unit),
        };
        return new Threshold(t, scenario, metric, op, limit);
    }

    /// <summary>Parses a threshold without throwing.</summary>
    /// <param name="text">The text.</param>
    /// <param name="threshold">The threshold, when it parses.</param>
    /// <param name="error">Why it does not, else null.</param>
    /// <returns>True when it parses.</returns>
    public static bool TryParse(string text, out Threshold? threshold, out string? error)
    {
        try
        {
            threshold = Parse(text);
            error = null;
            return true;
        }
        catch (ThresholdFormatException e)
        {
            threshold = null;
            error = e.Message;
            return false;
        }
    }

    private static double Rate(string text, string name, double value, string unit)
    {
        double fraction = unit switch
        {
            "%" => value / 100,
            "" => value,
            _ => throw new ThresholdFormatException(text, $"{name} is a rate: give a percentage (0.1%) or a fraction in [0, 1], not '{unit}'."),
        };
        return fraction is >= 0 and <= 1 ? fraction : throw new ThresholdFormatException(text, $"{name} is a rate between 0 and 1 (0% and 100%).");
    }

    private static double Latency(string text, string name, double value, string unit) => unit switch
    {
        "us" or "µs" => value,
        "ms" => value * 1e3,
        "s" => value * 1e6,
        "" => throw new ThresholdFormatException(text, $"{name} is a latency and needs a unit: us, ms or s (e.g. {name}<5ms)."),
        _ => throw new ThresholdFormatException(text, $"unknown unit '{unit}' for {name}; use us, ms or s."),
    };

    /// <summary>The measured value of this threshold's metric in a scenario (µs, fraction or per second; NaN when there is nothing to measure).</summary>
    /// <param name="stats">The scenario.</param>
    /// <returns>The value.</returns>
    public double Measure(ScenarioStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        return Metric switch
        {
            ThresholdMetric.P50 => stats.Percentile(0.5),
            ThresholdMetric.P75 => stats.Percentile(0.75),
            ThresholdMetric.P90 => stats.Percentile(0.9),
            ThresholdMetric.P95 => stats.Percentile(0.95),
            ThresholdMetric.P99 => stats.Percentile(0.99),
            ThresholdMetric.P999 => stats.Percentile(0.999),
            ThresholdMetric.Max => stats.Latency.Max,
            ThresholdMetric.Mean => stats.Latency.Mean,
            ThresholdMetric.Fail => stats.Requests == 0 ? double.NaN : stats.FailRate,
            ThresholdMetric.DeadlineMiss => stats.Decisions == 0 ? double.NaN : stats.DeadlineMissRate,
            _ => stats.Rps,
        };
    }

    /// <summary>Checks the threshold against one scenario; a metric with nothing to measure (no requests, no decisions) fails.</summary>
    /// <param name="stats">The scenario.</param>
    /// <returns>The verdict.</returns>
    public ThresholdResult Evaluate(ScenarioStats stats)
    {
        double actual = Measure(stats);
        bool passed = !double.IsNaN(actual) && Operator switch
        {
            ThresholdOperator.Less => actual < Limit,
            ThresholdOperator.LessOrEqual => actual <= Limit,
            ThresholdOperator.Greater => actual > Limit,
            _ => actual >= Limit,
        };
        return new ThresholdResult(this, stats.Name, actual, passed);
    }

    /// <summary>Checks thresholds against a report: one verdict per threshold and scenario it applies to.</summary>
    /// <param name="thresholds">The thresholds.</param>
    /// <param name="report">The report.</param>
    /// <returns>The verdicts.</returns>
    /// <exception cref="ArgumentException">A threshold names a scenario the report does not have.</exception>
    public static IReadOnlyList<ThresholdResult> EvaluateAll(IEnumerable<Threshold> thresholds, LoadReport report)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentNullException.ThrowIfNull(report);
        var results = new List<ThresholdResult>();
        foreach (Threshold threshold in thresholds)
        {
            if (threshold.Scenario is { } name && report.Scenarios.All(s => s.Name != name))
            {
                throw new ArgumentException($"Threshold '{threshold.Text}' names scenario '{name}', which is not in the run ({string.Join(", ", report.Scenarios.Select(s => s.Name))}).", nameof(thresholds));
            }

            results.AddRange(report.Scenarios.Where(s => threshold.Scenario is null || s.Name == threshold.Scenario).Select(threshold.Evaluate));
        }

        return results;
    }

    /// <summary>A value of this threshold's metric as people read it: <c>1.23 ms</c>, <c>0.10%</c>, <c>950.0/s</c>.</summary>
    /// <param name="value">The value in base units.</param>
    /// <returns>The text.</returns>
    public string Format(double value) => double.IsNaN(value) ? "n/a"
        : IsLatency ? Formatting.Latency(value)
        : Metric == ThresholdMetric.Rps ? Formatting.Rate(value)
        : Formatting.Percent(value);

    [GeneratedRegex(@"^(?:(?<scenario>[A-Za-z0-9_.\-]{1,64})\s*:\s*)?(?<metric>[A-Za-z_][A-Za-z0-9_.]*)\s*(?<op><=|>=|<|>)\s*(?<value>[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\s*(?<unit>%|/s|[A-Za-zµ]+)?$")]
    private static partial Regex Shape();
}

/// <summary>The verdict of one threshold on one scenario.</summary>
/// <param name="Threshold">The threshold.</param>
/// <param name="Scenario">The scenario checked.</param>
/// <param name="Actual">The measured value (base units; NaN when nothing was measured).</param>
/// <param name="Passed">True when the threshold holds.</param>
public sealed record ThresholdResult(Threshold Threshold, string Scenario, double Actual, bool Passed)
{
    /// <summary>One line: <c>PASS trading p99&lt;5ms (p99 = 1.23 ms)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        $"{(Passed ? "PASS" : "FAIL")} {Scenario} {Threshold.Text} (measured {Threshold.Format(Actual)})";
}
