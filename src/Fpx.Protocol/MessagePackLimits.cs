namespace Fpx.Protocol;

/// <summary>
/// Limits applied to untrusted MessagePack input by <see cref="MessagePackReader"/>,
/// <see cref="MessagePackFrameScanner"/> and the JSON converter. Every length is checked
/// against these limits and against the bytes actually present before anything is allocated,
/// so a header that lies about its size fails fast. Values are validated when set (at
/// construction, through the object initializer).
/// </summary>
public sealed class MessagePackLimits
{
    /// <summary>Largest value accepted for <see cref="MaxDepth"/>.</summary>
    public const int MaxDepthCeiling = 4096;

    private const int MiB = 1 << 20;

    private readonly int _maxDepth = 64;
    private readonly int _maxCollectionLength = MiB;
    private readonly int _maxStringLength = MiB;
    private readonly int _maxBinaryLength = MiB;
    private readonly int _maxExtensionLength = MiB;
    private readonly int _maxFrameSize = MiB;

    /// <summary>The defaults: depth 64, and 1 MiB (1 048 576) for every length and for the frame.</summary>
    public static MessagePackLimits Default { get; } = new();

    /// <summary>Deepest nesting of arrays and maps: a top-level array is depth 1. Range 1..4096; default 64.</summary>
    public int MaxDepth
    {
        get => _maxDepth;
        init => _maxDepth = Check(value, 1, MaxDepthCeiling);
    }

    /// <summary>Most elements of an array, or key-value pairs of a map. At least 1; default 1 MiB.</summary>
    public int MaxCollectionLength
    {
        get => _maxCollectionLength;
        init => _maxCollectionLength = Check(value, 1, int.MaxValue);
    }

    /// <summary>Longest str payload in bytes. At least 1; default 1 MiB.</summary>
    public int MaxStringLength
    {
        get => _maxStringLength;
        init => _maxStringLength = Check(value, 1, int.MaxValue);
    }

    /// <summary>Longest bin payload in bytes. At least 1; default 1 MiB.</summary>
    public int MaxBinaryLength
    {
        get => _maxBinaryLength;
        init => _maxBinaryLength = Check(value, 1, int.MaxValue);
    }

    /// <summary>Longest ext payload in bytes. At least 16 (the largest fixext); default 1 MiB.</summary>
    public int MaxExtensionLength
    {
        get => _maxExtensionLength;
        init => _maxExtensionLength = Check(value, 16, int.MaxValue);
    }

    /// <summary>Largest complete top-level value (one RPC frame) in bytes. At least 16; default 1 MiB.</summary>
    public int MaxFrameSize
    {
        get => _maxFrameSize;
        init => _maxFrameSize = Check(value, 16, int.MaxValue);
    }

    private static int Check(int value, int min, int max, [System.Runtime.CompilerServices.CallerMemberName] string name = "")
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [{min}, {max}].");
        }

        return value;
    }
}
