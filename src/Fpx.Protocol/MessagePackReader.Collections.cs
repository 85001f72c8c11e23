using System.Runtime.CompilerServices;

namespace Fpx.Protocol;

// array, map and ext (spec "array format family", "map format family", "ext format family",
// "Timestamp extension type").
public ref partial struct MessagePackReader
{
    /// <summary>
    /// Reads an array header. The count is checked against
    /// <see cref="MessagePackLimits.MaxCollectionLength"/> and against the bytes present (each
    /// element takes at least one byte), so a lying header fails before the caller allocates.
    /// </summary>
    /// <returns>The element count; the elements follow.</returns>
    /// <exception cref="MessagePackException">Not an array, too long, or truncated.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadArrayHeader()
    {
        long start = _reader.Consumed;
        ReadOnlySpan<byte> span = _reader.UnreadSpan;
        uint count;
        if (!span.IsEmpty && (span[0] & 0xf0) == MessagePackCode.MinFixArray)
        {
            count = span[0] & 0x0fu;
            _reader.Advance(1);
        }
        else
        {
            count = ReadHeader(MessagePackType.Array, "an array").Length;
        }

        CheckCount(count, count, "array", start);
        return (int)count;
    }

    /// <summary>
    /// Reads a map header, checked like <see cref="ReadArrayHeader"/> (each pair takes at least two bytes).
    /// </summary>
    /// <returns>The number of key-value pairs; they follow, key first.</returns>
    /// <exception cref="MessagePackException">Not a map, too long, or truncated.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadMapHeader()
    {
        long start = _reader.Consumed;
        ReadOnlySpan<byte> span = _reader.UnreadSpan;
        uint count;
        if (!span.IsEmpty && (span[0] & 0xf0) == MessagePackCode.MinFixMap)
        {
            count = span[0] & 0x0fu;
            _reader.Advance(1);
        }
        else
        {
            count = ReadHeader(MessagePackType.Map, "a map").Length;
        }

        CheckCount(count, 2L * count, "map", start);
        return (int)count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly void CheckCount(uint count, long minimumBytes, string what, long start)
    {
        if (count > (uint)_limits.MaxCollectionLength)
        {
            ThrowHelper.ThrowLimit(MessagePackErrorKind.CollectionTooLong, start, count, _limits.MaxCollectionLength);
        }

        if (minimumBytes > _reader.Remaining)
        {
            ThrowHelper.ThrowElementsTruncated(start, what, count, _reader.Remaining);
        }
    }

    /// <summary>Reads an ext or fixext header; the payload follows (read it with <see cref="ReadRaw(long)"/>).</summary>
    /// <returns>The extension type and payload length.</returns>
    /// <exception cref="MessagePackException">Not an ext, too long, or truncated.</exception>
    public MessagePackExtensionHeader ReadExtHeader()
    {
        long start = _reader.Consumed;
        MessagePackHeader header = ReadHeader(MessagePackType.Extension, "an ext");
        CheckPayload(header.Length, _limits.MaxExtensionLength, MessagePackErrorKind.ExtensionTooLong, "ext", start);
        return new MessagePackExtensionHeader(header.ExtensionType, (int)header.Length);
    }

    /// <summary>
    /// Reads a timestamp (ext type -1) in its 32-, 64- or 96-bit layout (spec "Timestamp
    /// extension type"), rejecting other payload lengths and nanoseconds of 1e9 or more.
    /// </summary>
    /// <returns>The timestamp.</returns>
    /// <exception cref="MessagePackException">Not an ext of type -1, invalid, or truncated.</exception>
    public MessagePackTimestamp ReadTimestamp()
    {
        long start = _reader.Consumed;
        MessagePackExtensionHeader header = ReadExtHeader();
        if (header.TypeCode != MessagePackCode.TimestampExtensionType)
        {
            ThrowHelper.Throw(
                MessagePackErrorKind.TypeMismatch,
                start,
                $"Expected a timestamp (ext type -1) but found ext type {header.TypeCode}");
        }

        if (header.Length is not (4 or 8 or 12))
        {
            ThrowHelper.ThrowInvalidTimestamp(start, $"A timestamp payload must be 4, 8 or 12 bytes, not {header.Length}");
        }

        Span<byte> payload = stackalloc byte[MessagePackTimestamp.MaxPayloadLength];
        payload = payload[..header.Length];
        CopyAndAdvance(payload);
        if (!MessagePackTimestamp.TryDecodePayload(payload, out MessagePackTimestamp value))
        {
            ThrowHelper.ThrowInvalidTimestamp(start, "The timestamp's nanoseconds are 1e9 or more");
        }

        return value;
    }

    /// <summary>True when the next value is an ext of type -1 (a timestamp), without reading it.</summary>
    /// <returns>Whether a timestamp comes next.</returns>
    /// <exception cref="MessagePackException">No bytes remain, or the header is truncated.</exception>
    public readonly bool IsNextTimestamp()
    {
        System.Buffers.SequenceReader<byte> probe = _reader;
        DecodeStatus status = TryReadHeader(ref probe, out MessagePackHeader header);
        if (status == DecodeStatus.NeedMoreData)
        {
            ThrowHelper.ThrowTruncated(_reader.Consumed);
        }

        return status == DecodeStatus.Success
            && header.Type == MessagePackType.Extension
            && header.ExtensionType == MessagePackCode.TimestampExtensionType;
    }
}
