namespace Fpx.Engine.Model;

/// <summary>The seven linear layers of a Llama-family decoder layer, in checkpoint order.</summary>
public enum LinearKind
{
    /// <summary><c>self_attn.q_proj</c>: hidden -> query heads.</summary>
    Q,

    /// <summary><c>self_attn.k_proj</c>: hidden -> key heads.</summary>
    K,

    /// <summary><c>self_attn.v_proj</c>: hidden -> value heads.</summary>
    V,

    /// <summary><c>self_attn.o_proj</c>: query heads -> hidden.</summary>
    O,

    /// <summary><c>mlp.gate_proj</c>: hidden -> intermediate (the SiLU branch).</summary>
    Gate,

    /// <summary><c>mlp.up_proj</c>: hidden -> intermediate.</summary>
    Up,

    /// <summary><c>mlp.down_proj</c>: intermediate -> hidden.</summary>
    Down,
}

/// <summary>
/// One linear layer of the model: decoder layer <see cref="Layer"/>, projection <see cref="Kind"/>.
/// <see cref="Index"/> (layer x 7 + kind) numbers every linear layer of the model in checkpoint order.
/// </summary>
/// <param name="Layer">Decoder layer, from 0.</param>
/// <param name="Kind">Which projection.</param>
public readonly record struct LinearLayer(int Layer, LinearKind Kind)
{
    /// <summary>Linear layers per decoder layer.</summary>
    public const int PerLayer = 7;

    /// <summary>Position among all linear layers: layer x 7 + kind.</summary>
    public int Index => Layer * PerLayer + (int)Kind;

    /// <summary>The name used in ladders and reports, e.g. <c>layers.3.mlp.down_proj</c> (the checkpoint name without <c>model.</c> and <c>.weight</c>).</summary>
    public string Name => $"layers.{Layer}.{Module(Kind)}";

    /// <summary>The layer with index <paramref name="index"/>.</summary>
    public static LinearLayer FromIndex(int index) => new(index / PerLayer, (LinearKind)(index % PerLayer));

    /// <summary>The module path inside a decoder layer: <c>self_attn.q_proj</c>, <c>mlp.down_proj</c>, ...</summary>
    public static string Module(LinearKind kind) => kind switch
    {
        LinearKind.Q => "self_attn.q_proj",
        LinearKind.K => "self_attn.k_proj",
        LinearKind.V => "self_attn.v_proj",
        LinearKind.O => "self_attn.o_proj",
        LinearKind.Gate => "mlp.gate_proj",
        LinearKind.Up => "mlp.up_proj",
        LinearKind.Down => "mlp.down_proj",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Output features (rows of the weight).</summary>
    public static int Rows(ModelConfig config, LinearKind kind) => kind switch
    {
        LinearKind.Q => config.QueryDim,
        LinearKind.K or LinearKind.V => config.KvDim,
        LinearKind.O or LinearKind.Down => config.HiddenSize,
        _ => config.IntermediateSize,
    };

    /// <summary>Input features (columns of the weight).</summary>
    public static int Cols(ModelConfig config, LinearKind kind) => kind switch
    {
        LinearKind.O => config.QueryDim,
        LinearKind.Down => config.IntermediateSize,
        _ => config.HiddenSize,
    };

    /// <inheritdoc/>
    public override string ToString() => Name;
}
