namespace Fpx.Client;

/// <summary>One <c>decide</c> call (docs/protocol.md): task, input tokens, latency budget, and optional session and forced variant.</summary>
public readonly record struct DecideRequest
{
    /// <summary>The task name (its allowed actions are the host's).</summary>
    public required string Task { get; init; }

    /// <summary>Input token ids; with a session, appended to it.</summary>
    public required ReadOnlyMemory<int> Tokens { get; init; }

    /// <summary>Latency budget in microseconds, counted by the host from the moment it reads the request.</summary>
    public required long BudgetMicroseconds { get; init; }

    /// <summary>A session id from <c>session.open</c>, or 0 for none.</summary>
    public long Session { get; init; }

    /// <summary>A variant name to force (bypassing the host's choice), or null.</summary>
    public string? Variant { get; init; }

    /// <summary>
    /// Where to write the action probabilities (at least as long as the task's action list). When
    /// empty, each decision allocates a new array; give a buffer for allocation-free calls (it must
    /// stay untouched until the next call that uses it).
    /// </summary>
    public Memory<float> ProbabilityBuffer { get; init; }
}
