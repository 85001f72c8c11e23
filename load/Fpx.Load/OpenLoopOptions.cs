namespace Fpx.Load;

/// <summary>How an <see cref="OpenLoopDriver"/> paces requests.</summary>
public enum Pacing
{
    /// <summary>Yields the thread until each request is due: precise send times, but the driver thread stays runnable (uses a core when the machine is idle).</summary>
    Precise,
    /// <summary>Sleeps about 1 ms between bursts and sends every request that has come due: cheap, but sends in bursts (latency still counts from each request's own due time).</summary>
    Coarse,
}

/// <summary>Settings of an open-loop run, validated when set.</summary>
public sealed class OpenLoopOptions
{
    private readonly double _rate = 1000;
    private readonly TimeSpan _duration = TimeSpan.FromSeconds(10);
    private readonly int _maxOutstanding = 100_000;
    private readonly TimeSpan _drainTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Requests per second. Range (0, 1,000,000]; default 1000.</summary>
    public double RequestsPerSecond { get => _rate; init => _rate = value is > 0 and <= 1_000_000 ? value : throw new ArgumentOutOfRangeException(nameof(RequestsPerSecond), value, "RequestsPerSecond must be in (0, 1000000]."); }

    /// <summary>How long requests are sent. Range (0, 24 h]; default 10 s.</summary>
    public TimeSpan Duration { get => _duration; init => _duration = value > TimeSpan.Zero && value <= TimeSpan.FromHours(24) ? value : throw new ArgumentOutOfRangeException(nameof(Duration), value, "Duration must be in (0, 24 h]."); }

    /// <summary>Most requests awaiting an answer; a request due while this many are outstanding is not sent and counts as <c>not_sent</c>. Range 1..10,000,000; default 100,000.</summary>
    public int MaxOutstanding { get => _maxOutstanding; init => _maxOutstanding = value is >= 1 and <= 10_000_000 ? value : throw new ArgumentOutOfRangeException(nameof(MaxOutstanding)); }

    /// <summary>How long after the last send the driver waits for answers; the rest count as <c>no_response</c>. Range 0..10 min; default 5 s.</summary>
    public TimeSpan DrainTimeout { get => _drainTimeout; init => _drainTimeout = value >= TimeSpan.Zero && value <= TimeSpan.FromMinutes(10) ? value : throw new ArgumentOutOfRangeException(nameof(DrainTimeout)); }

    /// <summary>Send pacing. Default <see cref="Pacing.Precise"/>.</summary>
    public Pacing Pacing { get; init; } = Pacing.Precise;

    /// <summary>The clock of due times and latencies.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Requests the run will send: rate × duration, rounded down (at least 1).</summary>
    public long TotalRequests => Math.Max(1, (long)(RequestsPerSecond * Duration.TotalSeconds));
}
