using Fpx.Engine.Runtime;

namespace Fpx.Host.Backend;

// Sessions: the token history is the truth; KV caches are per-variant copies of it, built lazily
// and brought up to date (the history tokens a cache has not seen are prefilled) before a decision
// uses them. So whatever variant the policy picks for a request, the answer is that variant's
// answer over the whole history, as if it had run alone.
public sealed partial class TransformerBackend
{
    private readonly Dictionary<long, SessionState> _sessions = [];
    private readonly Stack<InferenceSession> _spare = new();
    private long _nextSession = 1;
    private long _useStamp;

    /// <summary>Sessions open now.</summary>
    public int OpenSessions => _sessions.Count;

    /// <summary>KV caches held by open sessions now.</summary>
    public int SessionCaches { get; private set; }

    /// <inheritdoc />
    public long OpenSession()
    {
        long handle = _nextSession++;
        _sessions.Add(handle, new SessionState(MaxContextTokens, _variants.Length));
        return handle;
    }

    /// <inheritdoc />
    public TimeSpan AppendSession(long session, int variant, ReadOnlySpan<int> tokens)
    {
        SessionState state = Get(session);
        CheckTokens(tokens, "token");
        if (state.Length + tokens.Length > MaxContextTokens)
        {
            throw new ArgumentException($"The session would hold {state.Length + tokens.Length} tokens; the model's limit is {MaxContextTokens}.", nameof(tokens));
        }

        long start = _time.GetTimestamp();
        state.Append(tokens);
        InferenceSession cache = CacheFor(state, _variants[variant]);
        cache.Append(state.History.AsSpan(cache.Length, state.Length - cache.Length));
        return _time.GetElapsedTime(start);
    }

    /// <inheritdoc />
    public int SessionLength(long session) => Get(session).Length;

    /// <inheritdoc />
    public void CloseSession(long session)
    {
        if (!_sessions.Remove(session, out SessionState? state))
        {
            return;
        }

        for (int v = 0; v < state.Caches.Length; v++)
        {
            Free(state, v);
        }
    }

    private SessionState Get(long session) =>
        _sessions.TryGetValue(session, out SessionState? state)
            ? state
            : throw new InvalidOperationException($"Session handle {session} is not open.");

    /// <summary>The session's cache for <paramref name="variant"/>, made (or taken from the spares) when missing; frees the least recently used one past the limit.</summary>
    private InferenceSession CacheFor(SessionState state, Variant variant)
    {
        int v = Array.IndexOf(_variants, variant);
        state.LastUse[v] = ++_useStamp;
        if (state.Caches[v] is { } cache)
        {
            return cache;
        }

        if (state.CacheCount >= _options.MaxCachesPerSession)
        {
            int oldest = -1;
            for (int i = 0; i < state.Caches.Length; i++)
            {
                if (state.Caches[i] is not null && (oldest < 0 || state.LastUse[i] < state.LastUse[oldest]))
                {
                    oldest = i;
                }
            }

            Free(state, oldest);
        }

        if (!_spare.TryPop(out cache))
        {
            cache = _model.CreateSession(variant, MaxContextTokens);
        }

        cache.Variant = variant;
        state.Caches[v] = cache;
        state.CacheCount++;
        SessionCaches++;
        return cache;
    }

    private void Free(SessionState state, int v)
    {
        if (state.Caches[v] is not { } cache)
        {
            return;
        }

        state.Caches[v] = null;
        state.CacheCount--;
        SessionCaches--;
        if (_spare.Count < _options.SpareCaches)
        {
            cache.Reset();
            _spare.Push(cache);
        }
    }

    /// <summary>One host session: its tokens and its per-variant caches.</summary>
    private sealed class SessionState(int capacity, int variants)
    {
        public readonly int[] History = new int[capacity];
        public readonly InferenceSession?[] Caches = new InferenceSession?[variants];
        public readonly long[] LastUse = new long[variants];
        public int Length;
        public int CacheCount;

        public void Append(ReadOnlySpan<int> tokens)
        {
            tokens.CopyTo(History.AsSpan(Length));
            Length += tokens.Length;
        }
    }
}
