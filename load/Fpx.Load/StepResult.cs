using Fpx.Client;

namespace Fpx.Load;

/// <summary>
/// What one step (one request) of a scenario produced: ok or an error code, and for a
/// <c>decide</c> the variant used, whether the host met the deadline and its own timings.
/// </summary>
public readonly record struct StepResult
{
    /// <summary>The code of a step that threw something other than a connection failure or a cancellation.</summary>
    public const string Exception = "exception";

    /// <summary>The code of a step cancelled by the run (its token fired).</summary>
    public const string CancelledByClient = "cancelled_by_client";

    /// <summary>Null for ok; else the error code (the host's, the client's, or the tool's own).</summary>
    public string? ErrorCode { get; init; }

    /// <summary>True when the step succeeded.</summary>
    public bool IsOk => ErrorCode is null;

    /// <summary>The variant that computed the decision, when known.</summary>
    public string? Variant { get; init; }

    /// <summary>Whether the host wrote the answer before the deadline; null when the step has no deadline.</summary>
    public bool? DeadlineMet { get; init; }

    /// <summary>True when the host timings below are known (a <c>decide</c> answer).</summary>
    public bool HasHostTimes { get; init; }

    /// <summary>The host's compute time in µs (<c>compute_us</c>).</summary>
    public double ComputeMicroseconds { get; init; }

    /// <summary>The host's queue time in µs (<c>queue_us</c>).</summary>
    public double QueueMicroseconds { get; init; }

    /// <summary>The host's time from reading to writing, in µs (<c>host_us</c>).</summary>
    public double HostMicroseconds { get; init; }

    /// <summary>A success.</summary>
    /// <param name="variant">The variant used, if any.</param>
    /// <param name="deadlineMet">Whether the deadline was met, if the step has one.</param>
    /// <returns>The result.</returns>
    public static StepResult Ok(string? variant = null, bool? deadlineMet = null) => new() { Variant = variant, DeadlineMet = deadlineMet };

    /// <summary>A failure with an error code.</summary>
    /// <param name="errorCode">A short stable code such as <c>expired</c> (not empty).</param>
    /// <returns>The result.</returns>
    public static StepResult Fail(string errorCode)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(errorCode);
        return new StepResult { ErrorCode = errorCode };
    }

    /// <summary>The result of a <c>decide</c>: ok with variant, deadline and timings, or the host's (or client's) error code.</summary>
    /// <param name="decision">The decision.</param>
    /// <returns>The result.</returns>
    public static StepResult FromDecision(in Decision decision) => decision.IsSuccess
        ? new StepResult
        {
            Variant = decision.Variant,
            DeadlineMet = decision.DeadlineMet,
            HasHostTimes = true,
            ComputeMicroseconds = decision.ComputeMicroseconds,
            QueueMicroseconds = decision.QueueMicroseconds,
            HostMicroseconds = decision.HostMicroseconds,
        }
        : new StepResult { ErrorCode = decision.ErrorCode };

    /// <summary>
    /// The result of a step that threw: <c>connection_failed</c> for a connection failure (the
    /// client reconnects on its next call), <c>cancelled_by_client</c> for a cancellation,
    /// <c>exception</c> for anything else (a bug in the step; counted, never lost).
    /// </summary>
    /// <param name="exception">What was thrown.</param>
    /// <returns>The result.</returns>
    public static StepResult FromException(Exception exception) => new()
    {
        ErrorCode = exception switch
        {
            FpxConnectionException => DecisionErrors.ConnectionFailed,
            OperationCanceledException => CancelledByClient,
            _ => Exception,
        },
    };
}

/// <summary>What a step is told about the request it makes.</summary>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="Invocation">The request's number in its scenario, from 0 (negative for warm-up requests).</param>
/// <param name="Copy">The closed-model copy making it, or -1 for an open-model arrival.</param>
/// <param name="CancellationToken">Fires when the run gives up on outstanding requests (after the drain timeout); pass it to the client.</param>
public readonly record struct StepContext(string Scenario, long Invocation, int Copy, CancellationToken CancellationToken);

/// <summary>
/// One request of a scenario. It is called on the pacing thread for open-model arrivals, so it
/// must start the request and return without blocking (an <c>async</c> method that awaits the
/// answer is fine); a step that throws is counted by <see cref="StepResult.FromException"/>.
/// </summary>
/// <param name="context">The request's number, copy and cancellation.</param>
/// <returns>The outcome.</returns>
public delegate ValueTask<StepResult> ScenarioStep(StepContext context);
