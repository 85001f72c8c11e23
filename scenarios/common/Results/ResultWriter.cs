using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fpx.Scenarios;

/// <summary>Writes result rows as an aligned text table, as JSON, and (see <see cref="SvgPlot"/>) as a plot.</summary>
public static class ResultWriter
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The rows as a JSON array (snake_case names; NaN written as the string "NaN").</summary>
    public static string ToJson(IEnumerable<ScenarioResult> rows) => JsonSerializer.Serialize(rows.ToArray(), JsonOptions);

    /// <summary>Reads rows written by <see cref="ToJson"/>.</summary>
    public static IReadOnlyList<ScenarioResult> FromJson(string json) =>
        JsonSerializer.Deserialize<ScenarioResult[]>(json, JsonOptions) ?? [];

    /// <summary>An aligned plain-text table, one row per result, extra figures as trailing columns.</summary>
    public static string ToTable(IEnumerable<ScenarioResult> rows) => ToTable(rows, null);

    /// <summary>An aligned plain-text table with only the extra figures named in <paramref name="extras"/> (every one when null), in that order.</summary>
    public static string ToTable(IEnumerable<ScenarioResult> rows, IReadOnlyList<string>? extras)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var list = rows.ToList();
        var extraKeys = extras?.ToList() ?? list.SelectMany(r => r.Extra.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var header = new List<string> { "mode", "policy", "bits", "latency_mean_us", "latency_p99_us", "quality", "metric", "outcome", "ci_low", "ci_high", "decisions" };
        header.AddRange(extraKeys);
        var cells = new List<string[]> { header.ToArray() };
        foreach (var r in list)
        {
            var line = new List<string>
            {
                r.Mode, r.Policy, Format(r.Bits), Format(r.LatencyMeanUs, "F1"), Format(r.LatencyP99Us, "F1"), Format(r.Quality),
                r.Metric, Format(r.Outcome), Format(r.CiLow), Format(r.CiHigh), r.Decisions.ToString(CultureInfo.InvariantCulture),
            };
            line.AddRange(extraKeys.Select(k => r.Extra.TryGetValue(k, out double v) ? Format(v) : ""));
            cells.Add(line.ToArray());
        }
        var widths = Enumerable.Range(0, header.Count).Select(c => cells.Max(row => row[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in cells)
        {
            text.AppendJoin("  ", row.Select((cell, c) => c < 2 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).Append('\n');
        }
        return text.ToString();
    }

    private static string Format(double? value, string format = "G5") =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
}
