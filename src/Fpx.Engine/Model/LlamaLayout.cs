namespace Fpx.Engine.Model;

/// <summary>
/// The tensor names and shapes of a Hugging Face Llama-family checkpoint (LlamaForCausalLM,
/// Qwen2ForCausalLM): what a model directory must contain, derived from its config.
/// </summary>
internal static class LlamaLayout
{
    public const string Embedding = "model.embed_tokens.weight";
    public const string FinalNorm = "model.norm.weight";
    public const string Head = "lm_head.weight";

    public static string Weight(LinearLayer linear) => $"model.layers.{linear.Layer}.{LinearLayer.Module(linear.Kind)}.weight";

    public static string Bias(LinearLayer linear) => $"model.layers.{linear.Layer}.{LinearLayer.Module(linear.Kind)}.bias";

    public static string InputNorm(int layer) => $"model.layers.{layer}.input_layernorm.weight";

    public static string PostAttentionNorm(int layer) => $"model.layers.{layer}.post_attention_layernorm.weight";

    /// <summary>True when a linear layer of this kind has a bias under <paramref name="config"/>.</summary>
    public static bool HasBias(ModelConfig config, LinearKind kind) => kind switch
    {
        LinearKind.Q or LinearKind.K or LinearKind.V => config.QkvBias,
        LinearKind.O => config.OutputBias,
        _ => false,
    };

    /// <summary>
    /// Buffers that older transformers versions saved although they are not parameters: the rotary
    /// inverse frequencies, which Fpx computes from rope_theta. Tolerated and ignored.
    /// </summary>
    public static bool IsIgnorable(string name) => name.EndsWith(".self_attn.rotary_emb.inv_freq", StringComparison.Ordinal);

    /// <summary>Every tensor the architecture needs, with its shape.</summary>
    public static Dictionary<string, long[]> Expected(ModelConfig c)
    {
        var expected = new Dictionary<string, long[]>(StringComparer.Ordinal)
        {
            [Embedding] = [c.VocabSize, c.HiddenSize],
            [FinalNorm] = [c.HiddenSize],
        };
        if (!c.TieWordEmbeddings)
        {
            expected[Head] = [c.VocabSize, c.HiddenSize];
        }
        for (int layer = 0; layer < c.Layers; layer++)
        {
            expected[InputNorm(layer)] = [c.HiddenSize];
            expected[PostAttentionNorm(layer)] = [c.HiddenSize];
            foreach (var kind in Enum.GetValues<LinearKind>())
            {
                var linear = new LinearLayer(layer, kind);
                expected[Weight(linear)] = [LinearLayer.Rows(c, kind), LinearLayer.Cols(c, kind)];
                if (HasBias(c, kind))
                {
                    expected[Bias(linear)] = [LinearLayer.Rows(c, kind)];
                }
            }
        }
        return expected;
    }
}
