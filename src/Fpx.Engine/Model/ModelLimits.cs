namespace Fpx.Engine.Model;

/// <summary>
/// Bounds on untrusted model files, checked before anything is allocated from them, so that a
/// corrupt or hostile file costs at most these amounts of memory (shared/STYLE.md, "Wire code").
/// </summary>
internal static class ModelLimits
{
    /// <summary>The safetensors reference implementation refuses headers above 100 MB (its <c>MAX_HEADER_SIZE</c>).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>config.json, model.safetensors.index.json and ladder files: real ones are a few KB (an index of a 400-tensor model is ~40 KB).</summary>
    public const int MaxJsonFileBytes = 16 << 20;

    /// <summary>JSON nesting depth for every file Fpx parses (a safetensors header is 3 deep).</summary>
    public const int MaxJsonDepth = 32;

    /// <summary>Tensor rank: Llama-family tensors have 1 or 2 dimensions; 8 leaves room for other models' files.</summary>
    public const int MaxRank = 8;

    /// <summary>Shards in an index (HF splits by ~5 GB, so 10 000 shards is 50 TB).</summary>
    public const int MaxShards = 10_000;

    // Architecture bounds: above every released Llama/Qwen2/SmolLM size, far below what would
    // make the runtime's buffer arithmetic overflow.
    public const int MaxHidden = 1 << 16;
    public const int MaxIntermediate = 1 << 18;
    public const int MaxLayers = 1024;
    public const int MaxHeads = 1024;
    public const int MaxHeadDim = 1024;
    public const int MaxVocabulary = 1 << 22;
    public const int MaxPositions = 1 << 24;
}
