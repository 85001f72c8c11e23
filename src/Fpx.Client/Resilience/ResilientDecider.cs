using System.Net.Sockets;
using Polly;
using Polly.CircuitBreaker;
using Polly.Hedging;
using Polly.Retry;
using Polly.Timeout;

namespace Fpx.Client.Resilience;

/// <summary>
/// An <see cref="IDecider"/> wrapped in a Polly v8 pipeline built around the request's budget:
/// a timeout equal to the remaining budget (plus grace), optional hedging to a second decider
/// (a second connection) after a delay, retry on connection failure only while budget remains
/// (each retry sends the budget that is left), and a circuit breaker on connection failures.
/// Outcomes the pipeline produces itself come back as <see cref="Decision"/> errors:
/// <see cref="DecisionErrors.ClientTimeout"/>, <see cref="DecisionErrors.CircuitOpen"/>,
/// <see cref="DecisionErrors.ConnectionFailed"/>.
/// </summary>
public sealed class ResilientDecider : IDecider
{
    private static readonly ResiliencePropertyKey<long> DeadlineKey = new("fpx.deadline");
    private static readonly ResiliencePropertyKey<DecideRequest> RequestKey = new("fpx.request");

    private readonly IDecider _primary;
    private readonly IDecider? _hedge;
    private readonly ResilienceOptions _options;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline<Decision> _pipeline;

    /// <summary>Creates the decider.</summary>
    /// <param name="primary">The decider calls go to.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="hedge">A second decider (e.g. a client on a second connection) for hedging; needs <see cref="ResilienceOptions.HedgingDelay"/>.</param>
    public ResilientDecider(IDecider primary, ResilienceOptions? options = null, IDecider? hedge = null)
    {
        ArgumentNullException.ThrowIfNull(primary);
        _primary = primary;
        _hedge = hedge;
        _options = options ?? new ResilienceOptions();
        _time = _options.TimeProvider;
        _pipeline = Build();
    }

    /// <summary>The circuit breaker's state (for dashboards and tests).</summary>
    public CircuitBreakerStateProvider BreakerState { get; } = new();

    private ResiliencePipeline<Decision> Build()
    {
        var builder = new ResiliencePipelineBuilder<Decision> { TimeProvider = _time };
        builder.AddTimeout(new TimeoutStrategyOptions
        {
            TimeoutGenerator = args => ValueTask.FromResult(Remaining(args.Context) + _options.Grace),
        });
        if (_hedge is not null && _options.HedgingDelay is TimeSpan delay)
        {
            builder.AddHedging(new HedgingStrategyOptions<Decision>
            {
                MaxHedgedAttempts = 1,
                Delay = delay,
                ShouldHandle = args => ValueTask.FromResult(IsConnectionFailure(args.Outcome)),
                ActionGenerator = args => () => CallAsync(_hedge, args.ActionContext),
            });
        }

        builder.AddRetry(new RetryStrategyOptions<Decision>
        {
            MaxRetryAttempts = Math.Max(1, _options.MaxRetries),
            Delay = _options.RetryDelay,
            BackoffType = DelayBackoffType.Constant,
            ShouldHandle = args => ValueTask.FromResult(
                _options.MaxRetries > 0 && IsConnectionFailure(args.Outcome) && Remaining(args.Context) > _options.RetryDelay),
        });
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<Decision>
        {
            FailureRatio = _options.FailureRatio,
            MinimumThroughput = _options.MinimumThroughput,
            SamplingDuration = _options.SamplingDuration,
            BreakDuration = _options.BreakDuration,
            StateProvider = BreakerState,
            ShouldHandle = args => ValueTask.FromResult(IsConnectionFailure(args.Outcome)),
        });
        return builder.Build();
    }

    private static bool IsConnectionFailure(Outcome<Decision> outcome) =>
        outcome.Exception is FpxConnectionException or SocketException or IOException;

    private TimeSpan Remaining(ResilienceContext context) =>
        context.Properties.TryGetValue(DeadlineKey, out long deadline)
            ? TimeSpan.FromTicks(Math.Max(0, (long)((deadline - _time.GetTimestamp()) * (double)TimeSpan.TicksPerSecond / _time.TimestampFrequency)))
            : TimeSpan.Zero;

    /// <summary>One attempt: the request with the budget that is left.</summary>
    private async ValueTask<Outcome<Decision>> CallAsync(IDecider decider, ResilienceContext context)
    {
        DecideRequest request = context.Properties.GetValue(RequestKey, default);
        long remainingUs = (long)Remaining(context).TotalMicroseconds;
        if (remainingUs < 1)
        {
            return Outcome.FromResult(Decision.Error(DecisionErrors.ClientTimeout, "The budget ran out before the call could be sent."));
        }

        try
        {
            Decision decision = await decider.DecideAsync(request with { BudgetMicroseconds = remainingUs }, context.CancellationToken).ConfigureAwait(false);
            return Outcome.FromResult(decision);
        }
        catch (Exception e)
        {
            return Outcome.FromException<Decision>(e);
        }
    }

    /// <inheritdoc />
    public async ValueTask<Decision> DecideAsync(DecideRequest request, CancellationToken cancellationToken = default)
    {
        ResilienceContext context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            long deadline = _time.GetTimestamp() + (long)(request.BudgetMicroseconds * (_time.TimestampFrequency / 1e6));
            context.Properties.Set(DeadlineKey, deadline);
            context.Properties.Set(RequestKey, request);
            Outcome<Decision> outcome = await _pipeline.ExecuteOutcomeAsync(
                static (ctx, self) => self.CallAsync(self._primary, ctx), context, this).ConfigureAwait(false);
            return outcome.Exception switch
            {
                null => outcome.Result,
                TimeoutRejectedException => Decision.Error(DecisionErrors.ClientTimeout, "No answer within the budget."),
                BrokenCircuitException e => Decision.Error(DecisionErrors.CircuitOpen, e.Message),
                FpxConnectionException or SocketException or IOException => Decision.Error(DecisionErrors.ConnectionFailed, outcome.Exception.Message),
                OperationCanceledException when cancellationToken.IsCancellationRequested => throw outcome.Exception,
                _ => throw outcome.Exception,
            };
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
