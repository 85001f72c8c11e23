using System.Globalization;
using Fpx.Scenarios;

namespace Fpx.Host.Cli;

/// <summary>What <c>fpx play</c> prints and writes: the table on stdout, <c>--json</c> and <c>--plot</c>.</summary>
internal static class PlayOutput
{
    /// <summary>Prints notes as <c># ...</c> lines, then the table with the chosen extra columns.</summary>
    public static void Print(TextWriter output, string title, IReadOnlyList<string> notes, IReadOnlyList<ScenarioResult> rows, IReadOnlyList<string> extras)
    {
        output.WriteLine($"# {title}");
        foreach (string note in notes)
        {
            output.WriteLine($"# {note}");
        }
        output.Write(ResultWriter.ToTable(rows, extras));
    }

    /// <summary>
    /// Writes the rows as a JSON list of objects (<c>policy</c>, <c>bits</c>, <c>latency_mean_us</c>,
    /// <c>latency_p99_us</c>, <c>quality</c>, <c>outcome</c>, <c>ci_low</c>, <c>ci_high</c>, and the
    /// rest of <see cref="ScenarioResult"/>).
    /// </summary>
    public static void WriteJson(string path, IReadOnlyList<ScenarioResult> rows)
    {
        CreateParent(path);
        File.WriteAllText(path, ResultWriter.ToJson(rows) + "\n");
    }

    /// <summary>Writes outcome against latency as SVG (<see cref="SvgPlot"/>).</summary>
    public static void WritePlot(string path, IReadOnlyList<ScenarioResult> rows, string title)
    {
        CreateParent(path);
        File.WriteAllText(path, SvgPlot.Render(rows, title));
    }

    /// <summary>A variant mix as <c>fp16 40.0%, fp4 60.0%</c>, largest share first.</summary>
    public static string Mix(IReadOnlyDictionary<string, long> counts)
    {
        long total = counts.Values.Sum();
        return total == 0 ? "nothing"
            : string.Join(", ", counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => $"{p.Key} {(100.0 * p.Value / total).ToString("F1", CultureInfo.InvariantCulture)}%"));
    }

    /// <summary>p10, median and p90 of budgets, for the report.</summary>
    public static string Budgets(IReadOnlyList<long> budgets)
    {
        if (budgets.Count == 0)
        {
            return "none";
        }
        long[] sorted = [.. budgets.Order()];
        long At(double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
        return $"p10 {At(0.1)} us, median {At(0.5)} us, p90 {At(0.9)} us";
    }

    private static void CreateParent(string path)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
    }
}
