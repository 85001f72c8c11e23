using System.Diagnostics;

namespace Fpx.Host.Cli;

/// <summary>
/// A one-line progress display on stderr (<c>label 1234/5000 (24%)</c>, rewritten in place at most
/// ten times a second), shown only when stderr is a terminal so that logs and tests stay clean.
/// Small enough not to need Spectre.Console.
/// </summary>
internal sealed class ProgressLine : IProgress<(int Done, int Total)>, IDisposable
{
    private readonly string _label;
    private long _lastDraw;
    private bool _drawn;
    private bool _disposed;

    private ProgressLine(string label) => _label = label;

    /// <summary>A progress line, or null when stderr is redirected.</summary>
    public static ProgressLine? ForStderr(string label) => Console.IsErrorRedirected ? null : new ProgressLine(label);

    public void Report((int Done, int Total) value)
    {
        long now = Stopwatch.GetTimestamp();
        if (_disposed || (value.Done < value.Total && Stopwatch.GetElapsedTime(_lastDraw, now) < TimeSpan.FromMilliseconds(100)))
        {
            return;
        }

        _lastDraw = now;
        _drawn = true;
        int percent = value.Total == 0 ? 100 : (int)(100L * value.Done / value.Total);
        Console.Error.Write($"\r{_label} {value.Done}/{value.Total} ({percent}%)   ");
    }

    public void Dispose()
    {
        if (!_disposed && _drawn)
        {
            Console.Error.WriteLine();
        }

        _disposed = true;
    }
}
