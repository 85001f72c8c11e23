namespace Fpx.Engine.Model;

/// <summary>
/// The architecture of a Llama-family decoder (Llama, Qwen2, SmolLM checkpoints), as Hugging Face's
/// config.json describes it. Read one with <see cref="Parse"/>, or build one in code (random models
/// for benchmarks) and call <see cref="Validate"/>.
/// </summary>
public sealed partial class ModelConfig
{
    /// <summary><c>model_type</c>: <c>llama</c> or <c>qwen2</c>.</summary>
    public string ModelType { get; init; } = "llama";

    /// <summary><c>hidden_size</c>: width of the residual stream.</summary>
    public int HiddenSize { get; init; }

    /// <summary><c>intermediate_size</c>: width of the SwiGLU MLP.</summary>
    public int IntermediateSize { get; init; }

    /// <summary><c>num_hidden_layers</c>: decoder layers.</summary>
    public int Layers { get; init; }

    /// <summary><c>num_attention_heads</c>: query heads.</summary>
    public int Heads { get; init; }

    /// <summary><c>num_key_value_heads</c>: key/value heads (grouped-query attention when fewer than <see cref="Heads"/>).</summary>
    public int KvHeads { get; init; }

    /// <summary><c>head_dim</c>, or hidden_size / num_attention_heads when the config omits it.</summary>
    public int HeadDim { get; init; }

    /// <summary><c>vocab_size</c>: rows of the embedding and the output head.</summary>
    public int VocabSize { get; init; }

    /// <summary><c>max_position_embeddings</c>: the longest sequence a session may hold.</summary>
    public int MaxPositions { get; init; } = 2048;

    /// <summary><c>rms_norm_eps</c>.</summary>
    public double RmsNormEps { get; init; } = 1e-6;

    /// <summary><c>rope_theta</c>: the rotary embedding's base.</summary>
    public double RopeTheta { get; init; } = 10000;

    /// <summary><c>tie_word_embeddings</c>: the output head is the embedding matrix.</summary>
    public bool TieWordEmbeddings { get; init; }

    /// <summary>q, k and v projections have biases (Qwen2; Llama with <c>attention_bias</c>).</summary>
    public bool QkvBias { get; init; }

    /// <summary>The o projection has a bias (Llama with <c>attention_bias</c>; not Qwen2).</summary>
    public bool OutputBias { get; init; }

    /// <summary><c>torch_dtype</c> as a tensor dtype, when the config names one; every tensor must then have it.</summary>
    public TensorDType? DType { get; init; }

    /// <summary>Width of the concatenated query heads.</summary>
    public int QueryDim => Heads * HeadDim;

    /// <summary>Width of the concatenated key (or value) heads.</summary>
    public int KvDim => KvHeads * HeadDim;

    /// <summary>Weights of the seven linear layers of one decoder layer.</summary>
    public long LinearParametersPerLayer =>
        2L * HiddenSize * QueryDim + 2L * HiddenSize * KvDim + 3L * HiddenSize * IntermediateSize;

    /// <summary>Every parameter: linear layers, norms, biases, embedding and (untied) head.</summary>
    public long Parameters =>
        Layers * (LinearParametersPerLayer + 2L * HiddenSize + (QkvBias ? QueryDim + 2L * KvDim : 0) + (OutputBias ? HiddenSize : 0))
        + (long)VocabSize * HiddenSize * (TieWordEmbeddings ? 1 : 2) + HiddenSize;

    /// <summary>Checks every bound; throws <see cref="ModelFormatException"/> (<c>config_invalid</c>) naming <paramref name="source"/>.</summary>
    public void Validate(string source = "config")
    {
        Range(HiddenSize, 1, ModelLimits.MaxHidden, "hidden_size");
        Range(IntermediateSize, 1, ModelLimits.MaxIntermediate, "intermediate_size");
        Range(Layers, 1, ModelLimits.MaxLayers, "num_hidden_layers");
        Range(Heads, 1, ModelLimits.MaxHeads, "num_attention_heads");
        Range(KvHeads, 1, Heads, "num_key_value_heads");
        Range(HeadDim, 2, ModelLimits.MaxHeadDim, "head_dim");
        Range(VocabSize, 1, ModelLimits.MaxVocabulary, "vocab_size");
        Range(MaxPositions, 1, ModelLimits.MaxPositions, "max_position_embeddings");
        if (Heads % KvHeads != 0)
        {
            Fail($"num_attention_heads ({Heads}) is not a multiple of num_key_value_heads ({KvHeads})");
        }
        if (HeadDim % 2 != 0)
        {
            Fail($"head_dim ({HeadDim}) must be even: the rotary embedding rotates pairs");
        }
        if (!(RmsNormEps > 0 && RmsNormEps < 1))
        {
            Fail($"rms_norm_eps ({RmsNormEps}) must be in (0, 1)");
        }
        if (!(RopeTheta > 1 && double.IsFinite(RopeTheta)))
        {
            Fail($"rope_theta ({RopeTheta}) must be a finite number above 1");
        }
        if (ModelType is not ("llama" or "qwen2"))
        {
            ModelFormatException.Throw(ModelErrorCode.ConfigUnsupported, source, null, $"model_type '{ModelType}' is not supported (llama, qwen2)");
        }

        void Range(long value, long min, long max, string name)
        {
            if (value < min || value > max)
            {
                Fail($"{name} is {value}; it must be in [{min}, {max}]");
            }
        }

        void Fail(string detail) => ModelFormatException.Throw(ModelErrorCode.ConfigInvalid, source, null, detail);
    }
}
