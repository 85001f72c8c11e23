using Fpx.Engine.Model;

namespace Fpx.Engine.Runtime;

/// <summary>The higher-precision parameters of one decoder layer: its two RMSNorm weights and its biases, FP32.</summary>
internal sealed class DecoderLayerWeights(float[] inputNorm, float[] postAttentionNorm, float[]?[] biases)
{
    /// <summary><c>input_layernorm</c>: before attention.</summary>
    public float[] InputNorm { get; } = inputNorm;

    /// <summary><c>post_attention_layernorm</c>: before the MLP.</summary>
    public float[] PostAttentionNorm { get; } = postAttentionNorm;

    /// <summary>The bias of each linear kind, or null.</summary>
    public float[]? Bias(LinearKind kind) => biases[(int)kind];
}
