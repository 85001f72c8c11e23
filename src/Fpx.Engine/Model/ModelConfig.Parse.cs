using System.Text.Json;

namespace Fpx.Engine.Model;

public sealed partial class ModelConfig
{
    /// <summary>
    /// Reads a Hugging Face config.json (LlamaConfig / Qwen2Config fields; absent optional fields
    /// take those classes' defaults). Anything Fpx would compute differently from transformers is
    /// refused as <c>config_unsupported</c> rather than silently ignored: rope scaling, sliding
    /// windows, MLP biases, activations other than SiLU.
    /// </summary>
    /// <param name="json">The file's bytes.</param>
    /// <param name="source">The file, for error messages.</param>
    public static ModelConfig Parse(ReadOnlyMemory<byte> json, string source)
    {
        using (var document = StrictJson.Parse(json, ModelErrorCode.ConfigInvalid, source))
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                ModelFormatException.Throw(ModelErrorCode.ConfigInvalid, source, null, "the root is not a JSON object");
            }
            var reader = new ConfigReader(root, source);
            string modelType = reader.String("model_type") ?? reader.Fail<string>("model_type is missing");
            if (modelType is not ("llama" or "qwen2"))
            {
                ModelFormatException.Throw(ModelErrorCode.ConfigUnsupported, source, null, $"model_type '{modelType}' is not supported (llama, qwen2)");
            }
            int hidden = reader.Int("hidden_size") ?? reader.Fail<int>("hidden_size is missing");
            int heads = reader.Int("num_attention_heads") ?? reader.Fail<int>("num_attention_heads is missing");
            if (heads <= 0)
            {
                reader.Fail<int>($"num_attention_heads is {heads}");
            }
            int? headDim = reader.Int("head_dim");
            if (headDim is null && hidden % heads != 0)
            {
                reader.Fail<int>($"hidden_size ({hidden}) is not a multiple of num_attention_heads ({heads}) and head_dim is not given");
            }
            reader.Unsupported("hidden_act", v => v.ValueKind == JsonValueKind.String && v.GetString() == "silu", "only hidden_act \"silu\" (SwiGLU) is supported");
            reader.Unsupported("rope_scaling", IsDefaultRope, "rope_scaling is not supported (only plain rotary embeddings)");
            reader.Unsupported("use_sliding_window", v => v.ValueKind == JsonValueKind.False, "sliding-window attention is not supported");
            reader.Unsupported("mlp_bias", v => v.ValueKind == JsonValueKind.False, "MLP biases are not supported");
            bool attentionBias = reader.Bool("attention_bias") ?? false;
            string? torchDtype = reader.String("torch_dtype") ?? reader.String("dtype");
            TensorDType? dtype = null;
            if (torchDtype is not null)
            {
                if (!TensorDTypes.TryParseTorch(torchDtype, out var parsed))
                {
                    ModelFormatException.Throw(ModelErrorCode.ConfigUnsupported, source, null, $"torch_dtype '{torchDtype}' is not supported (float32, float16, bfloat16)");
                }
                dtype = parsed;
            }
            var config = new ModelConfig
            {
                ModelType = modelType,
                HiddenSize = hidden,
                IntermediateSize = reader.Int("intermediate_size") ?? reader.Fail<int>("intermediate_size is missing"),
                Layers = reader.Int("num_hidden_layers") ?? reader.Fail<int>("num_hidden_layers is missing"),
                Heads = heads,
                KvHeads = reader.Int("num_key_value_heads") ?? heads,
                HeadDim = headDim ?? hidden / heads,
                VocabSize = reader.Int("vocab_size") ?? reader.Fail<int>("vocab_size is missing"),
                MaxPositions = reader.Int("max_position_embeddings") ?? 2048,
                RmsNormEps = reader.Double("rms_norm_eps") ?? 1e-6,
                RopeTheta = reader.Double("rope_theta") ?? 10000,
                TieWordEmbeddings = reader.Bool("tie_word_embeddings") ?? false,
                // Qwen2's attention always has q/k/v biases and an unbiased o_proj (Qwen2Attention);
                // Llama's attention_bias puts a bias on all four projections (LlamaAttention).
                QkvBias = modelType == "qwen2" || attentionBias,
                OutputBias = modelType == "llama" && attentionBias,
                DType = dtype,
            };
            config.Validate(source);
            return config;
        }
    }

    private static bool IsDefaultRope(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            return false;
        }
        foreach (var key in new[] { "rope_type", "type" })
        {
            if (value.TryGetProperty(key, out var kind))
            {
                return kind.ValueKind == JsonValueKind.String && kind.GetString() == "default";
            }
        }
        return false;
    }

    /// <summary>Typed field access that turns every type error into <c>config_invalid</c>.</summary>
    private readonly struct ConfigReader(JsonElement root, string source)
    {
        public T Fail<T>(string detail) => ModelFormatException.Throw<T>(ModelErrorCode.ConfigInvalid, source, null, detail);

        private bool TryGet(string name, out JsonElement value) =>
            root.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

        public string? String(string name)
        {
            if (!TryGet(name, out var v))
            {
                return null;
            }
            return v.ValueKind == JsonValueKind.String ? v.GetString() : Fail<string>($"{name} must be a string");
        }

        public int? Int(string name)
        {
            if (!TryGet(name, out var v))
            {
                return null;
            }
            return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i : Fail<int>($"{name} must be a 32-bit integer, not {v.GetRawText()}");
        }

        public double? Double(string name)
        {
            if (!TryGet(name, out var v))
            {
                return null;
            }
            return v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) && double.IsFinite(d) ? d : Fail<double>($"{name} must be a finite number");
        }

        public bool? Bool(string name)
        {
            if (!TryGet(name, out var v))
            {
                return null;
            }
            return v.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => Fail<bool>($"{name} must be true or false"),
            };
        }

        /// <summary>A present field whose value is not <paramref name="accepted"/> is <c>config_unsupported</c>.</summary>
        public void Unsupported(string name, Func<JsonElement, bool> accepted, string detail)
        {
            if (root.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null && !accepted(v))
            {
                ModelFormatException.Throw(ModelErrorCode.ConfigUnsupported, source, null, $"{detail} ({name} = {Truncate(v.GetRawText())})");
            }
        }

        private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "...";
    }
}
