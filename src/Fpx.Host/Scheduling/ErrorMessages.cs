namespace Fpx.Host.Scheduling;

/// <summary>
/// Fixed messages of the errors that happen in steady state under load (expired, overloaded,
/// ...): constants, so answering them allocates nothing.
/// </summary>
internal static class ErrorMessages
{
    public const string Expired = "The deadline passed while the request was queued.";
    public const string CancelledByCaller = "Cancelled by the caller.";
    public const string ShuttingDown = "The server is shutting down.";
    public const string IntakeFull = "The intake queue is full.";
    public const string TooManyInFlight = "Too many requests in flight on this connection.";
    public const string DeadlineUnreachable = "No variant is predicted to finish within the budget.";
    public const string UnknownSession = "No open session with this id on this connection.";
    public const string SessionBusy = "The session is already in a batch.";
    public const string SessionFull = "The session would hold more tokens than the model's context.";
    public const string EmptySession = "The session holds no tokens yet: send at least one with the decision.";
}
