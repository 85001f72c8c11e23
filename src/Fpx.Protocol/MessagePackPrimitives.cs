using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Fpx.Protocol;

/// <summary>
/// The bottom layer of the codec: decodes tokens from a span and never throws. Everything
/// above (reader, frame scanner) is built on <see cref="TryReadHeader"/>.
/// </summary>
public static class MessagePackPrimitives
{
    /// <summary>
    /// Decodes the header of the next value (spec "Formats": the format byte and its fixed-size
    /// fields). Payload bytes of str, bin and ext and elements of arrays and maps are not read.
    /// </summary>
    /// <param name="source">Bytes starting at a format byte.</param>
    /// <param name="header">The decoded header when the result is <see cref="DecodeStatus.Success"/>.</param>
    /// <param name="consumed">Bytes taken by the header when successful; otherwise 0.</param>
    /// <returns>
    /// <see cref="DecodeStatus.Success"/>; <see cref="DecodeStatus.NeedMoreData"/> when
    /// <paramref name="source"/> ends inside the header; <see cref="DecodeStatus.Malformed"/>
    /// for the reserved byte 0xc1.
    /// </returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DecodeStatus TryReadHeader(ReadOnlySpan<byte> source, out MessagePackHeader header, out int consumed)
    {
        if (!source.IsEmpty)
        {
            byte code = source[0];
            if (code <= MessagePackCode.MaxPositiveFixInt)
            {
                header = new MessagePackHeader(code, MessagePackType.Integer, 1, 0, 0, code, negative: false);
                consumed = 1;
                return DecodeStatus.Success;
            }

            if (code >= MessagePackCode.MinNegativeFixInt)
            {
                header = new MessagePackHeader(code, MessagePackType.Integer, 1, 0, 0, (ulong)(long)(sbyte)code, negative: true);
                consumed = 1;
                return DecodeStatus.Success;
            }
        }

        return TryReadHeaderCore(source, out header, out consumed);
    }

    private static DecodeStatus TryReadHeaderCore(ReadOnlySpan<byte> source, out MessagePackHeader header, out int consumed)
    {
        header = default;
        consumed = 0;
        if (source.IsEmpty)
        {
            return DecodeStatus.NeedMoreData;
        }

        byte code = source[0];
        if (code < MessagePackCode.Nil)
        {
            // fixmap 1000xxxx, fixarray 1001xxxx, fixstr 101xxxxx: the length is in the format byte.
            header = code switch
            {
                <= MessagePackCode.MaxFixMap => new MessagePackHeader(code, MessagePackType.Map, 1, code & 0x0fu, 0, 0, false),
                <= MessagePackCode.MaxFixArray => new MessagePackHeader(code, MessagePackType.Array, 1, code & 0x0fu, 0, 0, false),
                _ => new MessagePackHeader(code, MessagePackType.String, 1, code & 0x1fu, 0, 0, false),
            };
            consumed = 1;
            return DecodeStatus.Success;
        }

        int size = MessagePackCode.VariableHeaderSizes[code - MessagePackCode.Nil];
        if (size == 0)
        {
            return DecodeStatus.Malformed; // 0xc1 "(never used)"
        }

        if (source.Length < size)
        {
            return DecodeStatus.NeedMoreData;
        }

        ReadOnlySpan<byte> body = source.Slice(1, size - 1);
        header = code switch
        {
            MessagePackCode.Nil => new MessagePackHeader(code, MessagePackType.Nil, 1, 0, 0, 0, false),
            MessagePackCode.False => new MessagePackHeader(code, MessagePackType.Boolean, 1, 0, 0, 0, false),
            MessagePackCode.True => new MessagePackHeader(code, MessagePackType.Boolean, 1, 0, 0, 1, false),
            MessagePackCode.Bin8 => Sized(code, MessagePackType.Binary, size, body[0]),
            MessagePackCode.Bin16 => Sized(code, MessagePackType.Binary, size, BinaryPrimitives.ReadUInt16BigEndian(body)),
            MessagePackCode.Bin32 => Sized(code, MessagePackType.Binary, size, BinaryPrimitives.ReadUInt32BigEndian(body)),
            MessagePackCode.Ext8 => Ext(code, size, body[0], body[1]),
            MessagePackCode.Ext16 => Ext(code, size, BinaryPrimitives.ReadUInt16BigEndian(body), body[2]),
            MessagePackCode.Ext32 => Ext(code, size, BinaryPrimitives.ReadUInt32BigEndian(body), body[4]),
            MessagePackCode.Float32 => new MessagePackHeader(code, MessagePackType.Float, size, 0, 0, BinaryPrimitives.ReadUInt32BigEndian(body), false),
            MessagePackCode.Float64 => new MessagePackHeader(code, MessagePackType.Float, size, 0, 0, BinaryPrimitives.ReadUInt64BigEndian(body), false),
            MessagePackCode.UInt8 => Unsigned(code, size, body[0]),
            MessagePackCode.UInt16 => Unsigned(code, size, BinaryPrimitives.ReadUInt16BigEndian(body)),
            MessagePackCode.UInt32 => Unsigned(code, size, BinaryPrimitives.ReadUInt32BigEndian(body)),
            MessagePackCode.UInt64 => Unsigned(code, size, BinaryPrimitives.ReadUInt64BigEndian(body)),
            MessagePackCode.Int8 => Signed(code, size, (sbyte)body[0]),
            MessagePackCode.Int16 => Signed(code, size, BinaryPrimitives.ReadInt16BigEndian(body)),
            MessagePackCode.Int32 => Signed(code, size, BinaryPrimitives.ReadInt32BigEndian(body)),
            MessagePackCode.Int64 => Signed(code, size, BinaryPrimitives.ReadInt64BigEndian(body)),
            MessagePackCode.FixExt1 => Ext(code, size, 1, body[0]),
            MessagePackCode.FixExt2 => Ext(code, size, 2, body[0]),
            MessagePackCode.FixExt4 => Ext(code, size, 4, body[0]),
            MessagePackCode.FixExt8 => Ext(code, size, 8, body[0]),
            MessagePackCode.FixExt16 => Ext(code, size, 16, body[0]),
            MessagePackCode.Str8 => Sized(code, MessagePackType.String, size, body[0]),
            MessagePackCode.Str16 => Sized(code, MessagePackType.String, size, BinaryPrimitives.ReadUInt16BigEndian(body)),
            MessagePackCode.Str32 => Sized(code, MessagePackType.String, size, BinaryPrimitives.ReadUInt32BigEndian(body)),
            MessagePackCode.Array16 => Sized(code, MessagePackType.Array, size, BinaryPrimitives.ReadUInt16BigEndian(body)),
            MessagePackCode.Array32 => Sized(code, MessagePackType.Array, size, BinaryPrimitives.ReadUInt32BigEndian(body)),
            MessagePackCode.Map16 => Sized(code, MessagePackType.Map, size, BinaryPrimitives.ReadUInt16BigEndian(body)),
            _ => Sized(code, MessagePackType.Map, size, BinaryPrimitives.ReadUInt32BigEndian(body)), // map 32
        };
        consumed = size;
        return DecodeStatus.Success;
    }

    private static MessagePackHeader Sized(byte code, MessagePackType type, int size, uint length) =>
        new(code, type, size, length, 0, 0, false);

    private static MessagePackHeader Ext(byte code, int size, uint length, byte type) =>
        new(code, MessagePackType.Extension, size, length, (sbyte)type, 0, false);

    private static MessagePackHeader Unsigned(byte code, int size, ulong value) =>
        new(code, MessagePackType.Integer, size, 0, 0, value, false);

    private static MessagePackHeader Signed(byte code, int size, long value) =>
        new(code, MessagePackType.Integer, size, 0, 0, (ulong)value, value < 0);
}
