using Fpx.Engine.Runtime;

namespace Fpx.Host.Backend;

/// <summary>Settings of a <see cref="TransformerBackend"/>, validated at construction.</summary>
public sealed class TransformerBackendOptions
{
    private readonly int _maxContextTokens = 1024;
    private readonly int _maxCachesPerSession = 4;
    private readonly int _spareCaches = 64;

    /// <summary>
    /// The variants to serve, by name, among those the model loaded; null serves every loaded
    /// variant except the <c>f32</c> reference (which is for measuring, not serving).
    /// </summary>
    public IReadOnlyList<string>? Variants { get; init; }

    /// <summary>
    /// Most tokens one session or stateless request may hold (the KV-cache capacity of every
    /// session). Capped by the model's max_position_embeddings. Range 1..1,048,576; default 1024.
    /// </summary>
    public int MaxContextTokens
    {
        get => _maxContextTokens;
        init => _maxContextTokens = value is >= 1 and <= 1 << 20
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxContextTokens), value, "MaxContextTokens must be in [1, 1048576].");
    }

    /// <summary>
    /// KV caches one session keeps at most (one per variant it was decided with). When the policy
    /// moves a session to one more variant, the least recently used cache is freed; it is rebuilt
    /// from the session's token history if that variant is used again. Range 1..64; default 4.
    /// </summary>
    public int MaxCachesPerSession
    {
        get => _maxCachesPerSession;
        init => _maxCachesPerSession = value is >= 1 and <= 64
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxCachesPerSession), value, "MaxCachesPerSession must be in [1, 64].");
    }

    /// <summary>Freed KV caches kept for reuse, so opening sessions in steady state allocates nothing. Range 0..65,536; default 64.</summary>
    public int SpareCaches
    {
        get => _spareCaches;
        init => _spareCaches = value is >= 0 and <= 65_536
            ? value
            : throw new ArgumentOutOfRangeException(nameof(SpareCaches), value, "SpareCaches must be in [0, 65536].");
    }

    /// <summary>
    /// Runs the items of a batch in shared forward passes (<see cref="TransformerModel.AppendMany"/>)
    /// rather than one after another. Default true: the weights are streamed once per layer for the
    /// whole batch (docs/decisions/0030-runtime-adapter.md; a benchmark of the gain is still owed).
    /// </summary>
    public bool SharedPrefill { get; init; } = true;

    /// <summary>The clock that times compute. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The f32 reference variant, which is not served unless named in <see cref="Variants"/>.</summary>
    internal static bool IsServedByDefault(Variant variant) => variant.Name != "f32";
}
