using System.Numerics.Tensors;

namespace Fpx.Engine.Runtime;

/// <summary>
/// One token sequence being run through a model: its KV cache, the hidden state after its last
/// token, and the variant its next forward passes use. Append tokens (prefill or decode), then
/// read logits, decide among allowed tokens, or generate. Fork to branch from a shared prefix.
/// </summary>
/// <remarks>
/// Not thread-safe: one thread at a time per session. Different sessions of one model may run on
/// different threads (see <see cref="TransformerModel"/>). The cache is a chain of frozen views
/// shared with the session's ancestors and siblings plus the session's own tail; positions are
/// written once and never rewritten (docs/decisions/0006-kv-cache-and-forking.md).
/// </remarks>
public sealed partial class InferenceSession
{
    private KvView[] _prefix;
    private readonly float[] _hidden;
    private KvSegment _tail;
    private bool _tailShared;
    private bool _hasHidden;
    private float[]? _logits;
    private bool _logitsCurrent;

    internal InferenceSession(TransformerModel model, Variant variant, int capacity)
        : this(model, variant, capacity, [], 0)
    {
    }

    private InferenceSession(TransformerModel model, Variant variant, int capacity, KvView[] prefix, int length)
    {
        Model = model;
        Variant = variant;
        Capacity = capacity;
        Length = length;
        _prefix = prefix;
        _hidden = new float[model.Config.HiddenSize];
        _tail = NewTail(length, capacity - length);
    }

    /// <summary>The model this session runs on.</summary>
    public TransformerModel Model { get; }

    /// <summary>The variant of the next forward passes. Changing it keeps the cache (computed by earlier variants).</summary>
    public Variant Variant
    {
        get;
        set
        {
            Model.CheckOwn(value);
            field = value;
        }
    }

    /// <summary>Tokens in the cache.</summary>
    public int Length { get; private set; }

    /// <summary>Most tokens the cache can hold.</summary>
    public int Capacity { get; }

    /// <summary>Tokens that can still be appended.</summary>
    public int Remaining => Capacity - Length;

    /// <summary>Bytes of KV cache this session allocated itself (shared prefixes are not counted).</summary>
    public long OwnCacheBytes => _tail.Bytes;

    internal long StepStamp { get; set; }

    /// <summary>Appends tokens: one forward pass over them (in chunks of <see cref="ModelLoadOptions.MaxBatchRows"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A token is outside the vocabulary.</exception>
    /// <exception cref="InvalidOperationException">The cache has no room for them.</exception>
    public void Append(ReadOnlySpan<int> tokens)
    {
        if (tokens.IsEmpty)
        {
            return;
        }
        Model.Prefill(this, tokens, observer: null);
    }

    /// <summary>Appends one token (a decode step).</summary>
    public void Append(int token) => Append([token]);

    /// <summary>
    /// Branches a new session from this one's current state without copying the cache: the child
    /// reads this session's positions 0..Length-1 through frozen views and writes its own from
    /// Length on. Both may continue independently; neither sees the other's new tokens.
    /// </summary>
    /// <param name="variant">The child's variant (default: this session's).</param>
    /// <param name="maxNewTokens">Tokens the child may append (default: as many as this session still can).</param>
    public InferenceSession Fork(Variant? variant = null, int? maxNewTokens = null)
    {
        int room = maxNewTokens ?? Remaining;
        if (room < 1 || Length + room > Model.Config.MaxPositions)
        {
            throw new ArgumentOutOfRangeException(nameof(maxNewTokens), room, $"a fork needs room for 1..{Model.Config.MaxPositions - Length} new tokens");
        }
        var prefix = _prefix;
        int ownLength = Length - _tail.Start;
        if (ownLength > 0)
        {
            prefix = [.. _prefix, new KvView(_tail, ownLength)];
            _tailShared = true;
        }
        var child = new InferenceSession(Model, variant ?? Variant, Length + room, prefix, Length);
        if (_hasHidden)
        {
            _hidden.CopyTo(child._hidden);
            child._hasHidden = true;
        }
        return child;
    }

    /// <summary>
    /// Empties the session for reuse. Allocates a new cache only when a fork still reads the old one
    /// (or this session is itself a fork, whose prefix belongs to its parent).
    /// </summary>
    public void Reset()
    {
        if (_tailShared || _tail.Start != 0)
        {
            _tail = NewTail(0, Capacity);
            _tailShared = false;
        }
        _prefix = [];
        Length = 0;
        _hasHidden = false;
        _logitsCurrent = false;
    }

    private KvSegment NewTail(int start, int capacity)
    {
        var c = Model.Config;
        return new KvSegment(c.Layers, c.KvHeads, c.HeadDim, start, capacity);
    }

    internal void CheckRoom(int tokens)
    {
        if (tokens > Remaining)
        {
            throw new InvalidOperationException($"the session holds {Length} of {Capacity} tokens; {tokens} more do not fit");
        }
    }

    internal void Advance(int tokens)
    {
        Length += tokens;
    }

    internal void SetHidden(ReadOnlySpan<float> hidden)
    {
        hidden.CopyTo(_hidden);
        _hasHidden = true;
        _logitsCurrent = false;
    }

    internal void WriteKv(int layer, int position, ReadOnlySpan<float> keys, ReadOnlySpan<float> values) =>
        _tail.Write(layer, position, keys, values);

    /// <summary>scores[t] = q . k_t for every position t &lt; scores.Length (prefix views, then the own tail).</summary>
    internal void AttentionScores(int layer, int kvHead, ReadOnlySpan<float> q, Span<float> scores)
    {
        int visible = scores.Length;
        foreach (var view in _prefix)
        {
            Scores(view.Segment, Math.Min(view.Length, visible - view.Segment.Start), layer, kvHead, q, scores);
        }
        Scores(_tail, visible - _tail.Start, layer, kvHead, q, scores);
    }

    private static void Scores(KvSegment segment, int count, int layer, int kvHead, ReadOnlySpan<float> q, Span<float> scores)
    {
        int d = segment.HeadDim;
        var keys = segment.Keys[layer].AsSpan(segment.Offset(kvHead, segment.Start), count * d);
        for (int t = 0; t < count; t++)
        {
            scores[segment.Start + t] = TensorPrimitives.Dot(q, keys.Slice(t * d, d));
        }
    }

    /// <summary>output += sum over t of weights[t] v_t.</summary>
    internal void AttentionMix(int layer, int kvHead, ReadOnlySpan<float> weights, Span<float> output)
    {
        int visible = weights.Length;
        foreach (var view in _prefix)
        {
            Mix(view.Segment, Math.Min(view.Length, visible - view.Segment.Start), layer, kvHead, weights, output);
        }
        Mix(_tail, visible - _tail.Start, layer, kvHead, weights, output);
    }

    private static void Mix(KvSegment segment, int count, int layer, int kvHead, ReadOnlySpan<float> weights, Span<float> output)
    {
        int d = segment.HeadDim;
        var values = segment.Values[layer].AsSpan(segment.Offset(kvHead, segment.Start), count * d);
        for (int t = 0; t < count; t++)
        {
            TensorPrimitives.MultiplyAdd(values.Slice(t * d, d), weights[segment.Start + t], output, output);
        }
    }
}
