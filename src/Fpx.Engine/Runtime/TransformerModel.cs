using Fpx.Engine.Model;
using Fpx.Engine.Quant;
using Fpx.Engine.Threading;

namespace Fpx.Engine.Runtime;

/// <summary>
/// A loaded Llama-family decoder in several precisions: the weight pool, its variants, and the
/// shared higher-precision parts (FP32 embedding, norms, biases; FP32 or F16 output head).
/// </summary>
/// <remarks>
/// Thread-safety: after <see cref="Load"/> or <see cref="CreateRandom"/> returns, the model is
/// immutable and every member may be called from any thread. A forward pass (a session's
/// <see cref="InferenceSession.Append(ReadOnlySpan{int})"/>, <see cref="Step"/>, logits or
/// decisions) uses a workspace private to the calling thread, so passes on different sessions may
/// run on different threads at once; one session must be used by one thread at a time. All passes
/// share <see cref="Pool"/>, which runs one matrix product at a time, so concurrent passes take
/// turns there: the intended use is one compute thread that owns the model, plus the pool.
/// </remarks>
public sealed partial class TransformerModel : IDisposable
{
    private readonly WeightPool _weights;
    private readonly DecoderLayerWeights[] _layers;
    private readonly QuantizedMatrix _embedding;
    private readonly QuantizedMatrix _head;
    private readonly float[] _finalNorm;
    private readonly double[] _inverseFrequencies;
    private readonly ThreadLocal<Workspace> _workspaces;
    private readonly Dictionary<string, Variant> _variantsByName = new(StringComparer.Ordinal);
    private readonly List<Variant> _variants = [];
    private long _stepStamp;

    private TransformerModel(ModelConfig config, ModelLoadOptions options, WeightPool weights, DecoderLayerWeights[] layers,
        QuantizedMatrix embedding, QuantizedMatrix head, float[] finalNorm, string? fingerprint)
    {
        Config = config;
        Options = options;
        _weights = weights;
        _layers = layers;
        _embedding = embedding;
        _head = head;
        _finalNorm = finalNorm;
        Fingerprint = fingerprint;
        // inv_freq[i] = theta^(-2i/d), the Llama rotary embedding; angles are formed in double.
        _inverseFrequencies = new double[config.HeadDim / 2];
        for (int i = 0; i < _inverseFrequencies.Length; i++)
        {
            _inverseFrequencies[i] = 1.0 / Math.Pow(config.RopeTheta, 2.0 * i / config.HeadDim);
        }
        _workspaces = new ThreadLocal<Workspace>(() => new Workspace(Config, Options.MaxBatchRows));
    }

    /// <summary>The architecture.</summary>
    public ModelConfig Config { get; }

    /// <summary>The options the model was loaded with.</summary>
    public ModelLoadOptions Options { get; }

    /// <summary>Threads for the linear layers (null: the calling thread only).</summary>
    public ComputePool? Pool => Options.Pool;

    /// <summary>The 4-bit format behind <c>fp4</c>.</summary>
    public WeightFormat Fp4Format => _weights.Fp4Format;

    /// <summary>Format of the output head.</summary>
    public WeightFormat HeadFormat => _head.Format;

    /// <summary>Identifies the checkpoint (config and safetensors headers); null for random models.</summary>
    public string? Fingerprint { get; }

    /// <summary>The ladder behind the mix variants, or null when no mix was loaded.</summary>
    public Calibration.Ladder? Ladder { get; private set; }

    /// <summary>Where <see cref="Ladder"/> came from: a file path, "default calibration" or "synthetic".</summary>
    public string? LadderSource { get; private set; }

    /// <summary>The variants, from most to least precise as requested.</summary>
    public IReadOnlyList<Variant> Variants => _variants;

    /// <summary>Encodings held in the weight pool and what each costs.</summary>
    public IReadOnlyList<EncodingFootprint> Footprints => _weights.Encodings.Select(_weights.Footprint).ToArray();

    /// <summary>Bytes of the shared parts: embedding, head (when untied or in another format), norms and biases.</summary>
    public long SharedResidentBytes =>
        _embedding.ResidentBytes + (ReferenceEquals(_head, _embedding) ? 0 : _head.ResidentBytes)
        + sizeof(float) * (_finalNorm.Length + _layers.Sum(l => (long)l.InputNorm.Length + l.PostAttentionNorm.Length
            + Enum.GetValues<LinearKind>().Sum(k => (long)(l.Bias(k)?.Length ?? 0))));

    /// <summary>Everything resident: every encoding in the pool plus the shared parts.</summary>
    public long ResidentBytes => Footprints.Sum(f => f.ResidentBytes) + SharedResidentBytes;

    /// <summary>The variant named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such variant was loaded.</exception>
    public Variant GetVariant(string name) =>
        TryGetVariant(name, out var variant) ? variant
            : throw new KeyNotFoundException($"variant '{name}' is not loaded; loaded: {string.Join(", ", _variants.Select(v => v.Name))}");

    /// <summary>Finds a loaded variant by name (canonical or not: <c>fpx-g0.3</c> finds <c>fpx-g0.30</c>).</summary>
    public bool TryGetVariant(string name, out Variant variant)
    {
        if (VariantNames.TryParse(name, out _, out _, out string canonical) && _variantsByName.TryGetValue(canonical, out variant!))
        {
            return true;
        }
        variant = null!;
        return false;
    }

    /// <summary>Starts an empty session on <paramref name="variant"/>.</summary>
    /// <param name="variant">A variant of this model.</param>
    /// <param name="maxTokens">KV-cache capacity; default <see cref="ModelLoadOptions.SessionTokens"/>, at most max_position_embeddings.</param>
    public InferenceSession CreateSession(Variant variant, int? maxTokens = null)
    {
        CheckOwn(variant);
        int capacity = maxTokens ?? Math.Min(Options.SessionTokens, Config.MaxPositions);
        if (capacity < 1 || capacity > Config.MaxPositions)
        {
            throw new ArgumentOutOfRangeException(nameof(maxTokens), capacity, $"a session holds 1..{Config.MaxPositions} tokens (max_position_embeddings)");
        }
        return new InferenceSession(this, variant, capacity);
    }

    internal void CheckOwn(Variant variant)
    {
        ArgumentNullException.ThrowIfNull(variant);
        if (!ReferenceEquals(variant.Model, this))
        {
            throw new ArgumentException($"variant '{variant.Name}' belongs to another model", nameof(variant));
        }
    }

    internal Workspace Workspace => _workspaces.Value!;

    internal QuantizedMatrix Head => _head;

    internal WeightPool Weights => _weights;

    internal DecoderLayerWeights Layer(int index) => _layers[index];

    /// <summary>Releases the native weight memory. Sessions of this model must not be used afterwards.</summary>
    public void Dispose()
    {
        _weights.Dispose();
        _embedding.Dispose();
        _head.Dispose();
        _workspaces.Dispose();
    }
}
