using System.Text.Json.Serialization;

namespace Fpx.Scenarios;

/// <summary>
/// One row of a scenario's results: a policy (or variant, or scripted agent) with its latency, its
/// quality and the outcome the scenario measured, with a 95% interval. The JSON names are the
/// snake_case of the properties (<c>latency_mean_us</c>, <c>ci_low</c>, ...).
/// </summary>
public sealed record ScenarioResult
{
    /// <summary>Scenario name: <c>trading</c> or <c>gaming</c>.</summary>
    public required string Scenario { get; init; }

    /// <summary>How the outcome was produced: <c>solo</c>, <c>arena</c>, <c>head-to-head</c>, <c>round-robin</c>.</summary>
    public required string Mode { get; init; }

    /// <summary>The policy or variant label.</summary>
    public required string Policy { get; init; }

    /// <summary>Bits per weight of the variant, when known (16, 8, 4, or an FPX mix's average).</summary>
    public double? Bits { get; init; }

    /// <summary>Mean charged latency per decision, microseconds.</summary>
    public double LatencyMeanUs { get; init; }

    /// <summary>99th percentile of the charged latency, microseconds.</summary>
    public double LatencyP99Us { get; init; }

    /// <summary>
    /// Decision quality independent of latency when the scenario can measure it: agreement with the
    /// hindsight label (trading) or with the scripted expert's most likely action (gaming).
    /// </summary>
    public double? Quality { get; init; }

    /// <summary>What <see cref="Outcome"/> measures: <c>daily_yield</c>, <c>win_rate</c>, <c>bt_elo</c>.</summary>
    public required string Metric { get; init; }

    /// <summary>The outcome.</summary>
    public double Outcome { get; init; }

    /// <summary>Lower end of the 95% interval of <see cref="Outcome"/>.</summary>
    public double CiLow { get; init; }

    /// <summary>Upper end of the 95% interval of <see cref="Outcome"/>.</summary>
    public double CiHigh { get; init; }

    /// <summary>Number of decisions made.</summary>
    public long Decisions { get; init; }

    /// <summary>Scenario-specific figures (trades, slippage, matches, ...), in a stable order.</summary>
    [JsonPropertyOrder(100)]
    public IReadOnlyDictionary<string, double> Extra { get; init; } = new SortedDictionary<string, double>(StringComparer.Ordinal);
}
