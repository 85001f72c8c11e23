using Fpx.Engine.Runtime;

namespace Fpx.Host.Backend;

/// <summary>
/// The transformer runtime behind the host: decisions of a loaded <see cref="TransformerModel"/>
/// in each of its served precision variants. Stateless decisions run on pooled sessions that are
/// reset per item; a host session keeps its token history and one KV cache per variant it was
/// decided with, so a decision with any variant equals running that variant over the whole
/// history, and switching variants never mixes caches (docs/decisions/0030-runtime-adapter.md).
/// </summary>
/// <remarks>
/// Compute thread only (see <see cref="IDecisionBackend"/>); the model's compute pool may add
/// worker threads inside a call. Steady-state calls allocate nothing: sessions, caches and the
/// batch staging arrays are pooled.
/// </remarks>
public sealed partial class TransformerBackend : IDecisionBackend
{
    private readonly TransformerModel _model;
    private readonly TransformerBackendOptions _options;
    private readonly Variant[] _variants;
    private readonly TimeProvider _time;
    private InferenceSession[] _slots = [];
    private InferenceSession[] _passSessions = [];
    private ReadOnlyMemory<int>[] _passTokens = [];

    /// <summary>Creates the backend over a loaded model (which it does not own: dispose the model after the backend).</summary>
    /// <param name="model">The model, loaded with the variants to serve.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <exception cref="ArgumentException">A variant named in the options is not loaded, or none is left to serve.</exception>
    public TransformerBackend(TransformerModel model, TransformerBackendOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _options = options ?? new TransformerBackendOptions();
        _time = _options.TimeProvider;
        _variants = _options.Variants is { } names
            ? [.. names.Select(n => model.TryGetVariant(n, out Variant v) ? v : throw new ArgumentException($"Variant '{n}' is not loaded; loaded: {string.Join(", ", model.Variants.Select(x => x.Name))}.", nameof(options)))]
            : [.. model.Variants.Where(TransformerBackendOptions.IsServedByDefault)];
        if (_variants.Length == 0 || _variants.Select(v => v.Name).Distinct(StringComparer.Ordinal).Count() != _variants.Length)
        {
            throw new ArgumentException("The backend needs at least one variant to serve, each named once.", nameof(options));
        }

        MaxContextTokens = Math.Min(_options.MaxContextTokens, model.Config.MaxPositions);
        Variants = Describe(_variants);
    }

    /// <inheritdoc />
    public IReadOnlyList<VariantInfo> Variants { get; }

    /// <inheritdoc />
    public int MaxContextTokens { get; }

    /// <inheritdoc />
    public int VocabularySize => _model.Config.VocabSize;

    /// <summary>The model.</summary>
    public TransformerModel Model => _model;

    /// <summary>
    /// Quality rank from bits per weight: every variant of 16 bits or more (fp16, and f32 when
    /// served) is 0, then each smaller distinct width one rank lower; equal widths tie.
    /// </summary>
    internal static VariantInfo[] Describe(IReadOnlyList<Variant> variants)
    {
        double[] widths = [.. variants.Select(v => Math.Min(16, v.BitsPerWeight)).Distinct().OrderDescending()];
        return [.. variants.Select(v => new VariantInfo(v.Name, v.BitsPerWeight, v.ResidentBytes, Array.IndexOf(widths, Math.Min(16, v.BitsPerWeight))))];
    }

    /// <inheritdoc />
    public void Decide(int variant, ReadOnlySpan<BackendItem> batch, Span<TimeSpan> computeTimes)
    {
        Variant v = _variants[variant];
        if (computeTimes.Length < batch.Length)
        {
            throw new ArgumentException("computeTimes is shorter than the batch.", nameof(computeTimes));
        }

        // Every item is checked before any session changes, so a bad item fails the batch cleanly.
        for (int i = 0; i < batch.Length; i++)
        {
            Check(batch[i]);
        }

        EnsureStaging(batch.Length);
        for (int i = 0; i < batch.Length; i++)
        {
            Stage(i, v, batch[i]);
        }

        if (_options.SharedPrefill)
        {
            long start = _time.GetTimestamp();
            _model.AppendMany(_passSessions.AsSpan(0, batch.Length), _passTokens.AsSpan(0, batch.Length));
            for (int i = 0; i < batch.Length; i++)
            {
                _passSessions[i].Decide(batch[i].ActionTokens.Span, batch[i].Probabilities.Span);
            }

            computeTimes[..batch.Length].Fill(_time.GetElapsedTime(start));
        }
        else
        {
            for (int i = 0; i < batch.Length; i++)
            {
                long start = _time.GetTimestamp();
                _passSessions[i].Decide(_passTokens[i].Span, batch[i].ActionTokens.Span, batch[i].Probabilities.Span);
                computeTimes[i] = _time.GetElapsedTime(start);
            }
        }

        Array.Clear(_passSessions, 0, batch.Length);
        Array.Clear(_passTokens, 0, batch.Length);
    }

    /// <summary>Validates one item against the model and, for a session, its history.</summary>
    private void Check(in BackendItem item)
    {
        ReadOnlySpan<int> actions = item.ActionTokens.Span;
        if (actions.IsEmpty || item.Probabilities.Length != actions.Length)
        {
            throw new ArgumentException("A decision needs at least one action token and one probability slot per action.");
        }

        CheckTokens(actions, "action token");
        CheckTokens(item.Tokens.Span, "token");
        int held = item.Session == BackendItem.NoSession ? 0 : Get(item.Session).Length;
        int total = held + item.Tokens.Length;
        if (total > MaxContextTokens)
        {
            throw new ArgumentException($"The context would hold {total} tokens; the model's limit is {MaxContextTokens}.");
        }

        if (total == 0)
        {
            throw new ArgumentException("A decision needs at least one token of context.");
        }
    }

    private void CheckTokens(ReadOnlySpan<int> tokens, string what)
    {
        int vocabulary = VocabularySize;
        foreach (int t in tokens)
        {
            if ((uint)t >= (uint)vocabulary)
            {
                throw new ArgumentException($"The {what} {t} is outside the vocabulary [0, {vocabulary}).");
            }
        }
    }

    /// <summary>Picks the session item <paramref name="i"/> runs on and the tokens it must append first.</summary>
    private void Stage(int i, Variant v, in BackendItem item)
    {
        if (item.Session == BackendItem.NoSession)
        {
            InferenceSession slot = Slot(i);
            slot.Reset();
            slot.Variant = v;
            _passSessions[i] = slot;
            _passTokens[i] = item.Tokens;
            return;
        }

        SessionState state = Get(item.Session);
        state.Append(item.Tokens.Span);
        InferenceSession cache = CacheFor(state, v);
        _passSessions[i] = cache;
        _passTokens[i] = state.History.AsMemory(cache.Length, state.Length - cache.Length);
    }

    private InferenceSession Slot(int i)
    {
        if (_slots.Length <= i)
        {
            Array.Resize(ref _slots, Math.Max(i + 1, _slots.Length * 2));
        }

        return _slots[i] ??= _model.CreateSession(_variants[0], MaxContextTokens);
    }

    private void EnsureStaging(int count)
    {
        if (_passSessions.Length < count)
        {
            _passSessions = new InferenceSession[Math.Max(count, _passSessions.Length * 2)];
            _passTokens = new ReadOnlyMemory<int>[_passSessions.Length];
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _sessions.Clear();
        _spare.Clear();
        _slots = [];
    }
}
