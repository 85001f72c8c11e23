namespace Fpx.Host.Backend;

/// <summary>
/// The model behind the host: what the scheduler needs from an inference runtime. The host calls
/// every member except <see cref="Variants"/> and <see cref="MaxContextTokens"/> from its single
/// compute thread only, so an implementation needs no locking; it may use its own worker threads
/// inside a call (e.g. a compute pool for the matmuls).
/// </summary>
/// <remarks>
/// Steady-state calls should not allocate: the host pools every buffer it passes in. Errors:
/// throw <see cref="ArgumentException"/> for a bad token id (the host answers <c>bad_request</c>)
/// and anything else for a fault (<c>internal</c>); a throw fails the whole batch.
/// </remarks>
public interface IDecisionBackend : IDisposable
{
    /// <summary>The variants this backend serves; the index in this list is the variant id used below. Never empty, fixed for the backend's lifetime.</summary>
    IReadOnlyList<VariantInfo> Variants { get; }

    /// <summary>Most tokens one session (or one stateless request) may hold.</summary>
    int MaxContextTokens { get; }

    /// <summary>Token ids are in [0, VocabularySize); the host refuses others at admission (<c>bad_request</c>).</summary>
    int VocabularySize { get; }

    /// <summary>
    /// Runs one batch of decisions on one variant: for every item, writes the action
    /// probabilities and, in <paramref name="computeTimes"/>, the compute time attributable to it
    /// (for a batch run as one pass, the pass's time).
    /// </summary>
    /// <param name="variant">Index into <see cref="Variants"/>.</param>
    /// <param name="batch">1 or more items; sessions in one batch are distinct.</param>
    /// <param name="computeTimes">Same length as <paramref name="batch"/>; receives each item's compute time.</param>
    void Decide(int variant, ReadOnlySpan<BackendItem> batch, Span<TimeSpan> computeTimes);

    /// <summary>Opens an empty session (a KV cache) and returns its handle (any value but <see cref="BackendItem.NoSession"/>).</summary>
    /// <returns>The handle.</returns>
    long OpenSession();

    /// <summary>Appends tokens to a session's context with the given variant (prefill), reusing its KV cache.</summary>
    /// <param name="session">A handle from <see cref="OpenSession"/>.</param>
    /// <param name="variant">Index into <see cref="Variants"/>.</param>
    /// <param name="tokens">Tokens to append.</param>
    /// <returns>The compute time.</returns>
    TimeSpan AppendSession(long session, int variant, ReadOnlySpan<int> tokens);

    /// <summary>Tokens a session holds.</summary>
    /// <param name="session">A handle from <see cref="OpenSession"/>.</param>
    /// <returns>The length.</returns>
    int SessionLength(long session);

    /// <summary>Frees a session. The host never uses the handle again.</summary>
    /// <param name="session">A handle from <see cref="OpenSession"/>.</param>
    void CloseSession(long session);
}
