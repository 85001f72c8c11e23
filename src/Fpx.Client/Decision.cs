namespace Fpx.Client;

/// <summary>
/// The outcome of one <c>decide</c>: either a decision (<see cref="IsSuccess"/>) or an error code
/// from the host (<c>expired</c>, <c>deadline_unreachable</c>, <c>overloaded</c>, ...) or from the
/// client's resilience layer (<see cref="DecisionErrors"/>). Service-level outcomes are values, not
/// exceptions, because under load they are frequent and bots branch on them.
/// </summary>
public readonly record struct Decision
{
    /// <summary>The chosen action token id (the most probable allowed action).</summary>
    public int Action { get; init; }

    /// <summary>One probability per allowed action, in the task's order.</summary>
    public ReadOnlyMemory<float> Probabilities { get; init; }

    /// <summary>The variant that computed it.</summary>
    public string? Variant { get; init; }

    /// <summary>True when no variant was predicted to fit and the fastest was served anyway.</summary>
    public bool Degraded { get; init; }

    /// <summary>True when the caller forced the variant.</summary>
    public bool Forced { get; init; }

    /// <summary>True when the host wrote the response before the deadline.</summary>
    public bool DeadlineMet { get; init; }

    /// <summary>Queue wait the host predicted at admission, in µs.</summary>
    public double PredictedQueueMicroseconds { get; init; }

    /// <summary>Compute time the host predicted at admission (p99 of its recent passes), in µs.</summary>
    public double PredictedComputeMicroseconds { get; init; }

    /// <summary>Time from reading the request to the start of its compute pass, in µs.</summary>
    public double QueueMicroseconds { get; init; }

    /// <summary>Compute time of the pass, in µs.</summary>
    public double ComputeMicroseconds { get; init; }

    /// <summary>Time from reading the request to writing the response, in µs (host side).</summary>
    public double HostMicroseconds { get; init; }

    /// <summary>The session, when the request named one (else 0).</summary>
    public long Session { get; init; }

    /// <summary>Null on success; else an error code (<c>Fpx.Protocol.Rpc.RpcErrorCodes</c> or <see cref="DecisionErrors"/>).</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The error's human-readable message, when <see cref="ErrorCode"/> is set.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>True for a decision, false for an error.</summary>
    public bool IsSuccess => ErrorCode is null;

    /// <summary>An error outcome.</summary>
    /// <param name="code">The code.</param>
    /// <param name="message">The message.</param>
    /// <returns>The decision.</returns>
    public static Decision Error(string code, string message) => new() { ErrorCode = code, ErrorMessage = message };
}

/// <summary>Error codes the client itself produces (the host's are in <c>Fpx.Protocol.Rpc.RpcErrorCodes</c>).</summary>
public static class DecisionErrors
{
    /// <summary>The budget ran out on the client before an answer came (resilience timeout).</summary>
    public const string ClientTimeout = "client_timeout";

    /// <summary>The circuit breaker is open: recent calls failed, this one was not sent.</summary>
    public const string CircuitOpen = "circuit_open";

    /// <summary>No connection could carry the call within the budget.</summary>
    public const string ConnectionFailed = "connection_failed";
}
