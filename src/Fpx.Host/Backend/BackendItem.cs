namespace Fpx.Host.Backend;

/// <summary>
/// One decision inside a batch handed to <see cref="IDecisionBackend.Decide"/>. The host owns
/// every buffer (pooled, reused after the call returns): a backend must not keep references to them.
/// </summary>
public readonly struct BackendItem
{
    /// <summary>Creates an item.</summary>
    /// <param name="actionTokens">The task's allowed action token ids, in the task's order.</param>
    /// <param name="tokens">The request's input token ids (may be empty with a session that already holds context).</param>
    /// <param name="session">A handle from <see cref="IDecisionBackend.OpenSession"/>, or <see cref="NoSession"/>.</param>
    /// <param name="probabilities">Receives one probability per action token (same length as <paramref name="actionTokens"/>).</param>
    public BackendItem(ReadOnlyMemory<int> actionTokens, ReadOnlyMemory<int> tokens, long session, Memory<float> probabilities)
    {
        ActionTokens = actionTokens;
        Tokens = tokens;
        Session = session;
        Probabilities = probabilities;
    }

    /// <summary>The <see cref="Session"/> value of a stateless request.</summary>
    public const long NoSession = -1;

    /// <summary>The task's allowed action token ids.</summary>
    public ReadOnlyMemory<int> ActionTokens { get; }

    /// <summary>
    /// The input tokens. Stateless: the whole context. With a session: appended to the session's
    /// context (they stay there, reusing the KV cache), and the decision is made after them.
    /// </summary>
    public ReadOnlyMemory<int> Tokens { get; }

    /// <summary>A session handle, or <see cref="NoSession"/>.</summary>
    public long Session { get; }

    /// <summary>Output: the probability of each action token (softmax over the allowed tokens only).</summary>
    public Memory<float> Probabilities { get; }
}
