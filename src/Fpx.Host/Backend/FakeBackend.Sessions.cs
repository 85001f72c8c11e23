namespace Fpx.Host.Backend;

// Sessions: the fake keeps only a running hash of the context and its length, the way the real
// runtime keeps a KV cache, so appending costs only the new tokens.
public sealed partial class FakeBackend
{
    /// <inheritdoc />
    public long OpenSession()
    {
        long handle = _nextSession++;
        _sessions.Add(handle, new SessionState { Hash = _options.Seed });
        Interlocked.Increment(ref _openSessions);
        return handle;
    }

    /// <inheritdoc />
    public TimeSpan AppendSession(long session, int variant, ReadOnlySpan<int> tokens)
    {
        // Counted like a decide pass (started, then finished), so PassesStarted > Passes means
        // "inside a pass" whichever kind it is; warm-up runs appends too.
        Interlocked.Increment(ref _passesStarted);
        long start = _options.TimeProvider.GetTimestamp();
        AppendToSession(session, tokens);
        TimeSpan elapsed = Spend(_variants[variant].ComputeFor(tokens.Length), start);
        Interlocked.Increment(ref _passes);
        return elapsed;
    }

    /// <inheritdoc />
    public int SessionLength(long session) => Get(session).Length;

    /// <inheritdoc />
    public void CloseSession(long session)
    {
        if (_sessions.Remove(session))
        {
            Interlocked.Decrement(ref _openSessions);
        }
    }

    private ulong AppendToSession(long session, ReadOnlySpan<int> tokens)
    {
        SessionState state = Get(session);
        if (state.Length + tokens.Length > _options.MaxContextTokens)
        {
            throw new ArgumentException($"The session would hold more than {_options.MaxContextTokens} tokens.", nameof(tokens));
        }

        state.Hash = Hash(state.Hash, tokens);
        state.Length += tokens.Length;
        return state.Hash;
    }

    private SessionState Get(long session) =>
        _sessions.TryGetValue(session, out SessionState? state)
            ? state
            : throw new InvalidOperationException($"Session handle {session} is not open.");

    private sealed class SessionState
    {
        public ulong Hash;
        public int Length;
    }
}
