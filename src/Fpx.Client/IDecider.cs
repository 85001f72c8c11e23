namespace Fpx.Client;

/// <summary>
/// What bots and scenario harnesses need from Fpx: a decision within a budget. Implemented over
/// TCP by <see cref="FpxClient"/> and <see cref="Resilience.ResilientDecider"/>, and in process
/// (virtual clock) by the host's command line; scenarios depend on this interface only.
/// </summary>
public interface IDecider
{
    /// <summary>Asks for a decision.</summary>
    /// <param name="request">Task, tokens, budget.</param>
    /// <param name="cancellationToken">Cancels the call (the host is told with a <c>cancel</c> notification).</param>
    /// <returns>The decision, or an error outcome (see <see cref="Decision.ErrorCode"/>).</returns>
    /// <exception cref="FpxConnectionException">The call could not be carried (connection failed).</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    ValueTask<Decision> DecideAsync(DecideRequest request, CancellationToken cancellationToken = default);
}
