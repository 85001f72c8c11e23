using Fpx.Client;

namespace Fpx.Load;

/// <summary>Steps that make one <c>decide</c> through an <see cref="IDecider"/> (an <see cref="FpxClient"/>, a resilient decider, a fake).</summary>
public static class DecideStep
{
    /// <summary>A step that sends the request <paramref name="request"/> makes and maps the decision with <see cref="StepResult.FromDecision"/>.</summary>
    /// <param name="decider">Where requests go.</param>
    /// <param name="request">Makes the request for a step (called on the pacing thread: keep it cheap).</param>
    /// <returns>The step.</returns>
    public static ScenarioStep Create(IDecider decider, Func<StepContext, DecideRequest> request)
    {
        ArgumentNullException.ThrowIfNull(decider);
        ArgumentNullException.ThrowIfNull(request);
        return context =>
        {
            ValueTask<Decision> pending = decider.DecideAsync(request(context), context.CancellationToken);
            return pending.IsCompletedSuccessfully ? new ValueTask<StepResult>(StepResult.FromDecision(pending.Result)) : Await(pending);
        };
    }

    private static async ValueTask<StepResult> Await(ValueTask<Decision> pending) => StepResult.FromDecision(await pending.ConfigureAwait(false));
}
