namespace Fpx.Protocol;

/// <summary>
/// Why MessagePack input was rejected. The numeric values are stable: logs, metrics and the
/// RPC layer may record them.
/// </summary>
public enum MessagePackErrorKind
{
    /// <summary>The data ends inside a value (or before a value that was expected).</summary>
    Truncated = 1,
    /// <summary>The format byte 0xc1, which the spec reserves ("never used").</summary>
    ReservedCode = 2,
    /// <summary>The value has a different type than the one asked for.</summary>
    TypeMismatch = 3,
    /// <summary>The integer does not fit the type asked for.</summary>
    IntegerOverflow = 4,
    /// <summary>A str holds bytes that are not well-formed UTF-8 (spec "str format family").</summary>
    InvalidUtf8 = 5,
    /// <summary>A timestamp extension (type -1) whose length is not 4, 8 or 12, or whose nanoseconds are 1e9 or more.</summary>
    InvalidTimestamp = 6,
    /// <summary>Arrays and maps are nested deeper than <see cref="MessagePackLimits.MaxDepth"/>.</summary>
    DepthExceeded = 7,
    /// <summary>An array or map header claims more than <see cref="MessagePackLimits.MaxCollectionLength"/> elements.</summary>
    CollectionTooLong = 8,
    /// <summary>A str header claims more than <see cref="MessagePackLimits.MaxStringLength"/> bytes.</summary>
    StringTooLong = 9,
    /// <summary>A bin header claims more than <see cref="MessagePackLimits.MaxBinaryLength"/> bytes.</summary>
    BinaryTooLong = 10,
    /// <summary>An ext header claims more than <see cref="MessagePackLimits.MaxExtensionLength"/> bytes.</summary>
    ExtensionTooLong = 11,
    /// <summary>The value is, or claims to be, larger than <see cref="MessagePackLimits.MaxFrameSize"/> bytes.</summary>
    FrameTooLarge = 12,
}
