using System.Globalization;
using System.Text;

namespace Fpx.Load;

/// <summary>
/// A one-line progress display for terminals: rewrites the line in place with the elapsed time and,
/// per scenario, requests, ok, outstanding and p99 so far. The caller decides whether the output is
/// a terminal (a redirected stream would fill a log with carriage returns).
/// </summary>
public sealed class ConsoleProgress
{
    private readonly TextWriter _writer;
    private readonly Lock _lock = new();
    private int _width;

    /// <summary>Creates the display.</summary>
    /// <param name="writer">Where to write (stderr).</param>
    public ConsoleProgress(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
    }

    /// <summary>Draws a snapshot (pass as <see cref="LoadRunOptions.Progress"/>).</summary>
    /// <param name="progress">The snapshot.</param>
    public void Show(LoadProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"[{progress.ElapsedSeconds,5:F1}s/{progress.PlannedSeconds:F1}s]");
        foreach (ScenarioProgress p in progress.Scenarios)
        {
            s.Append(CultureInfo.InvariantCulture, $" {p.Name}: {p.Requests} req {p.Ok} ok {p.Outstanding} out p99 {Formatting.Latency(p.P99Microseconds)}");
        }

        lock (_lock)
        {
            string line = s.ToString();
            _writer.Write('\r' + line.PadRight(_width));
            _width = line.Length;
            _writer.Flush();
        }
    }

    /// <summary>Clears the line (call when the run ends, before printing results).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            if (_width > 0)
            {
                _writer.Write('\r' + new string(' ', _width) + '\r');
                _writer.Flush();
                _width = 0;
            }
        }
    }
}
