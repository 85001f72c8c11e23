namespace Fpx.Client.Resilience;

/// <summary>Settings of a <see cref="ResilientDecider"/>, validated when set.</summary>
public sealed class ResilienceOptions
{
    private readonly int _maxRetries = 3;
    private readonly TimeSpan _retryDelay = TimeSpan.FromMilliseconds(1);
    private readonly double _failureRatio = 0.5;
    private readonly int _minimumThroughput = 20;
    private readonly TimeSpan _samplingDuration = TimeSpan.FromSeconds(5);
    private readonly TimeSpan _breakDuration = TimeSpan.FromSeconds(1);
    private readonly TimeSpan? _hedgingDelay;
    private readonly TimeSpan _grace = TimeSpan.Zero;

    /// <summary>Retries after a connection failure, while budget remains. Range 0..100; default 3.</summary>
    public int MaxRetries { get => _maxRetries; init => _maxRetries = value is >= 0 and <= 100 ? value : throw new ArgumentOutOfRangeException(nameof(MaxRetries)); }

    /// <summary>Pause before a retry (the reconnect itself takes time too). Range 0..10 s; default 1 ms.</summary>
    public TimeSpan RetryDelay { get => _retryDelay; init => _retryDelay = value >= TimeSpan.Zero && value <= TimeSpan.FromSeconds(10) ? value : throw new ArgumentOutOfRangeException(nameof(RetryDelay)); }

    /// <summary>Circuit breaker: failure ratio that opens it. Range (0, 1]; default 0.5.</summary>
    public double FailureRatio { get => _failureRatio; init => _failureRatio = value is > 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(FailureRatio)); }

    /// <summary>Circuit breaker: calls in the sampling window before it may open. Range 2..1,000,000; default 20.</summary>
    public int MinimumThroughput { get => _minimumThroughput; init => _minimumThroughput = value is >= 2 and <= 1_000_000 ? value : throw new ArgumentOutOfRangeException(nameof(MinimumThroughput)); }

    /// <summary>Circuit breaker: the sampling window. Range 500 ms..1 h; default 5 s.</summary>
    public TimeSpan SamplingDuration { get => _samplingDuration; init => _samplingDuration = value >= TimeSpan.FromMilliseconds(500) && value <= TimeSpan.FromHours(1) ? value : throw new ArgumentOutOfRangeException(nameof(SamplingDuration)); }

    /// <summary>Circuit breaker: how long it stays open. Range 500 ms..1 h; default 1 s.</summary>
    public TimeSpan BreakDuration { get => _breakDuration; init => _breakDuration = value >= TimeSpan.FromMilliseconds(500) && value <= TimeSpan.FromHours(1) ? value : throw new ArgumentOutOfRangeException(nameof(BreakDuration)); }

    /// <summary>With a hedge decider: how long to wait for the primary before also asking the hedge. Null (default) disables hedging. Range 0..1 min.</summary>
    public TimeSpan? HedgingDelay { get => _hedgingDelay; init => _hedgingDelay = value is null || (value >= TimeSpan.Zero && value <= TimeSpan.FromMinutes(1)) ? value : throw new ArgumentOutOfRangeException(nameof(HedgingDelay)); }

    /// <summary>Extra time past the budget the client waits (the host answers <c>expired</c> itself; grace lets that answer arrive). Range 0..10 s; default 0.</summary>
    public TimeSpan Grace { get => _grace; init => _grace = value >= TimeSpan.Zero && value <= TimeSpan.FromSeconds(10) ? value : throw new ArgumentOutOfRangeException(nameof(Grace)); }

    /// <summary>The clock of timeouts, retry delays and the breaker. Default <see cref="System.TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
