namespace Fpx.Host.Scheduling;

/// <summary>
/// Chooses the variant of one <c>decide</c> request at admission, before it is queued: the
/// policy's seat in the host. Called on connection threads, concurrently: an implementation must
/// be thread-safe and should not allocate (it runs once per request).
/// </summary>
/// <remarks>
/// The host's default is <see cref="PolicySelector"/> (Fpx.Policy's chooser over the task's
/// profile); <see cref="BudgetVariantSelector"/> is the simple rule it falls back to for tasks
/// without a profile.
/// </remarks>
public interface IVariantSelector
{
    /// <summary>Chooses a variant, or rejects.</summary>
    /// <param name="context">Budget, task, live latency estimates and queue state.</param>
    /// <returns>The choice with its predicted queue and compute times.</returns>
    VariantChoice Select(in SelectionContext context);
}
