namespace Fpx.Host;

/// <summary>Severity of a <see cref="HostLog"/> line.</summary>
public enum HostLogLevel
{
    /// <summary>Per-connection events (connects, closes, protocol errors): off by default.</summary>
    Debug,
    /// <summary>Lifecycle: listening, stopping, stopped.</summary>
    Info,
    /// <summary>Something a client did wrong or a limit hit.</summary>
    Warning,
    /// <summary>A fault in the host or the backend.</summary>
    Error,
}

/// <summary>
/// A minimal logger (Microsoft.Extensions.Logging would be one more dependency for four levels).
/// The request path never logs; connection events and faults do. Never pass a secret.
/// </summary>
public abstract class HostLog
{
    /// <summary>A log that drops everything.</summary>
    public static HostLog Null { get; } = new NullLog();

    /// <summary>Whether lines of <paramref name="level"/> are written (check before building an expensive message).</summary>
    /// <param name="level">The level.</param>
    /// <returns>Whether it is enabled.</returns>
    public abstract bool IsEnabled(HostLogLevel level);

    /// <summary>Writes one line.</summary>
    /// <param name="level">The level.</param>
    /// <param name="message">The text.</param>
    protected abstract void Write(HostLogLevel level, string message);

    /// <summary>Writes a debug line.</summary>
    /// <param name="message">The text.</param>
    public void Debug(string message) => Log(HostLogLevel.Debug, message);

    /// <summary>Writes an info line.</summary>
    /// <param name="message">The text.</param>
    public void Info(string message) => Log(HostLogLevel.Info, message);

    /// <summary>Writes a warning.</summary>
    /// <param name="message">The text.</param>
    public void Warning(string message) => Log(HostLogLevel.Warning, message);

    /// <summary>Writes an error.</summary>
    /// <param name="message">The text.</param>
    public void Error(string message) => Log(HostLogLevel.Error, message);

    private void Log(HostLogLevel level, string message)
    {
        if (IsEnabled(level))
        {
            Write(level, message);
        }
    }

    private sealed class NullLog : HostLog
    {
        public override bool IsEnabled(HostLogLevel level) => false;

        protected override void Write(HostLogLevel level, string message)
        {
        }
    }
}

/// <summary>Writes lines <c>2026-11-22T08:00:00.000Z info message</c> to a text writer (stderr for <c>fpx serve</c>).</summary>
/// <param name="writer">Where lines go (written under a lock).</param>
/// <param name="minimum">The lowest level written.</param>
public sealed class TextHostLog(TextWriter writer, HostLogLevel minimum = HostLogLevel.Info) : HostLog
{
    private readonly Lock _lock = new();

    /// <inheritdoc />
    public override bool IsEnabled(HostLogLevel level) => level >= minimum;

    /// <inheritdoc />
    protected override void Write(HostLogLevel level, string message)
    {
        lock (_lock)
        {
            writer.WriteLine($"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {level.ToString().ToLowerInvariant()} {message}");
            writer.Flush();
        }
    }
}
