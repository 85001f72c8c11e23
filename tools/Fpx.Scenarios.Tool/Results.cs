namespace Fpx.Scenarios.Tool;

internal static class Results
{
    public static void Write(IReadOnlyList<ScenarioResult> rows, string? directory, string title)
    {
        Console.Write(ResultWriter.ToTable(rows));
        if (directory is null)
        {
            return;
        }
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "results.json"), ResultWriter.ToJson(rows) + "\n");
        File.WriteAllText(Path.Combine(directory, "results.txt"), ResultWriter.ToTable(rows));
        File.WriteAllText(Path.Combine(directory, "results.svg"), SvgPlot.Render(rows, title));
        Console.WriteLine($"wrote {directory}/results.{{json,txt,svg}}");
    }
}
