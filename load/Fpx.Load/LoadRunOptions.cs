namespace Fpx.Load;

/// <summary>Settings of a <see cref="LoadRunner"/>, validated when set.</summary>
public sealed class LoadRunOptions
{
    private readonly TimeSpan _drainTimeout = TimeSpan.FromSeconds(5);
    private readonly TimeSpan _timelineInterval = TimeSpan.FromSeconds(1);
    private readonly TimeSpan _progressInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long after the last phase ends the run waits for outstanding answers; the rest count as
    /// <see cref="LoadCodes.NoResponse"/>. Range 0..10 min; default 5 s. A run always ends within
    /// its phases plus this.
    /// </summary>
    public TimeSpan DrainTimeout { get => _drainTimeout; init => _drainTimeout = value >= TimeSpan.Zero && value <= TimeSpan.FromMinutes(10) ? value : throw new ArgumentOutOfRangeException(nameof(DrainTimeout), value, "DrainTimeout must be in [0, 10 min]."); }

    /// <summary>Resolution of the per-scenario timelines. Range 10 ms..1 h; default 1 s.</summary>
    public TimeSpan TimelineInterval { get => _timelineInterval; init => _timelineInterval = value >= TimeSpan.FromMilliseconds(10) && value <= TimeSpan.FromHours(1) ? value : throw new ArgumentOutOfRangeException(nameof(TimelineInterval), value, "TimelineInterval must be in [10 ms, 1 h]."); }

    /// <summary>How often <see cref="Progress"/> is called. Range 50 ms..1 min; default 1 s.</summary>
    public TimeSpan ProgressInterval { get => _progressInterval; init => _progressInterval = value >= TimeSpan.FromMilliseconds(50) && value <= TimeSpan.FromMinutes(1) ? value : throw new ArgumentOutOfRangeException(nameof(ProgressInterval), value, "ProgressInterval must be in [50 ms, 1 min]."); }

    /// <summary>Called every <see cref="ProgressInterval"/> while the run lasts (on a timer thread); null for none.</summary>
    public Action<LoadProgress>? Progress { get; init; }

    /// <summary>Send pacing of open-model arrivals. Default <see cref="Pacing.Precise"/>.</summary>
    public Pacing Pacing { get; init; } = Pacing.Precise;

    /// <summary>The clock of due times, latencies and timers.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>A snapshot of a run in progress.</summary>
/// <param name="ElapsedSeconds">Seconds since the start.</param>
/// <param name="PlannedSeconds">The longest scenario's planned length.</param>
/// <param name="Scenarios">Per scenario, so far.</param>
public sealed record LoadProgress(double ElapsedSeconds, double PlannedSeconds, IReadOnlyList<ScenarioProgress> Scenarios);

/// <summary>One scenario's figures so far.</summary>
/// <param name="Name">The scenario.</param>
/// <param name="Requests">Requests recorded.</param>
/// <param name="Ok">Of those, successes.</param>
/// <param name="Outstanding">Requests awaiting an answer.</param>
/// <param name="P99Microseconds">p99 latency so far (NaN when none).</param>
public sealed record ScenarioProgress(string Name, long Requests, long Ok, long Outstanding, double P99Microseconds);

/// <summary>What a run measured, per scenario.</summary>
/// <param name="StartedAt">When the run started (the clock's UTC time).</param>
/// <param name="ElapsedSeconds">From the start to the end of the drain.</param>
/// <param name="Scenarios">Per scenario, in the order given.</param>
public sealed record LoadReport(DateTimeOffset StartedAt, double ElapsedSeconds, IReadOnlyList<ScenarioStats> Scenarios)
{
    /// <summary>The scenario named <paramref name="name"/>.</summary>
    /// <param name="name">The name.</param>
    /// <returns>Its figures.</returns>
    /// <exception cref="KeyNotFoundException">No such scenario.</exception>
    public ScenarioStats this[string name] => Scenarios.FirstOrDefault(s => s.Name == name) ?? throw new KeyNotFoundException($"No scenario '{name}' in the report.");
}
