namespace Fpx.Protocol;

/// <summary>
/// The format byte of one MessagePack value and the fixed-size fields that follow it
/// (spec "Formats"). For nil, bool, int and float the header is the whole value; for str,
/// bin and ext it is followed by <see cref="Length"/> payload bytes; for array and map by
/// <see cref="Length"/> elements or key-value pairs.
/// </summary>
public readonly struct MessagePackHeader
{
    private readonly ulong _bits;
    private readonly uint _length;
    private readonly byte _code;
    private readonly MessagePackType _type;
    private readonly byte _size;
    private readonly sbyte _extensionType;
    private readonly bool _negative;

    internal MessagePackHeader(byte code, MessagePackType type, int size, uint length, sbyte extensionType, ulong bits, bool negative)
    {
        _code = code;
        _type = type;
        _size = (byte)size;
        _length = length;
        _extensionType = extensionType;
        _bits = bits;
        _negative = negative;
    }

    /// <summary>The format byte.</summary>
    public byte Code => _code;

    /// <summary>The type the format belongs to.</summary>
    public MessagePackType Type => _type;

    /// <summary>Bytes taken by the header itself (1 to 9).</summary>
    public int Size => _size;

    /// <summary>
    /// Payload length in bytes for str, bin and ext; element count for array; key-value pair
    /// count for map; 0 for every other type.
    /// </summary>
    public uint Length => _length;

    /// <summary>The extension type for ext and fixext formats (-1 is the timestamp); 0 otherwise.</summary>
    public sbyte ExtensionType => _extensionType;

    /// <summary>True for an integer below zero.</summary>
    public bool IsNegative => _negative;

    /// <summary>The value of a bool header.</summary>
    public bool BooleanValue => _bits != 0;

    /// <summary>Raw value bits: the integer in two's complement, or the IEEE bits of a float.</summary>
    internal ulong Bits => _bits;

    /// <summary>Gets an integer header's value as <see cref="long"/>; false if it is above <see cref="long.MaxValue"/>.</summary>
    /// <param name="value">The value when it fits.</param>
    /// <returns>True when the value fits.</returns>
    public bool TryGetInt64(out long value)
    {
        value = (long)_bits;
        return _negative || _bits <= long.MaxValue;
    }

    /// <summary>Gets an integer header's value as <see cref="ulong"/>; false if it is negative.</summary>
    /// <param name="value">The value when it fits.</param>
    /// <returns>True when the value fits.</returns>
    public bool TryGetUInt64(out ulong value)
    {
        value = _bits;
        return !_negative;
    }

    /// <summary>A float header's value; a float 32 is widened exactly.</summary>
    public double DoubleValue => _code == MessagePackCode.Float32
        ? BitConverter.UInt32BitsToSingle((uint)_bits)
        : BitConverter.UInt64BitsToDouble(_bits);
}
