using System.Buffers.Binary;

namespace Fpx.Protocol;

// ext and the timestamp extension (spec "ext format family", "Timestamp extension type").
public ref partial struct MessagePackWriter
{
    /// <summary>
    /// Writes an ext header in its smallest format: fixext 1/2/4/8/16 when the length is one of
    /// those, otherwise ext 8/16/32. That many payload bytes must follow (<see cref="WriteRaw(ReadOnlySpan{byte})"/>).
    /// </summary>
    /// <param name="typeCode">The extension type (-128..-1 are reserved by the spec; -1 is the timestamp).</param>
    /// <param name="length">Payload length in bytes.</param>
    public void WriteExtHeader(sbyte typeCode, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Span<byte> span = Reserve(6);
        byte fixCode = length switch
        {
            1 => MessagePackCode.FixExt1,
            2 => MessagePackCode.FixExt2,
            4 => MessagePackCode.FixExt4,
            8 => MessagePackCode.FixExt8,
            16 => MessagePackCode.FixExt16,
            _ => 0,
        };
        if (fixCode != 0)
        {
            span[0] = fixCode;
            span[1] = unchecked((byte)typeCode);
            Commit(2);
        }
        else if (length <= byte.MaxValue)
        {
            span[0] = MessagePackCode.Ext8;
            span[1] = (byte)length;
            span[2] = unchecked((byte)typeCode);
            Commit(3);
        }
        else if (length <= ushort.MaxValue)
        {
            span[0] = MessagePackCode.Ext16;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)length);
            span[3] = unchecked((byte)typeCode);
            Commit(4);
        }
        else
        {
            span[0] = MessagePackCode.Ext32;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)length);
            span[5] = unchecked((byte)typeCode);
            Commit(6);
        }
    }

    /// <summary>Writes an ext value in its smallest format.</summary>
    /// <param name="typeCode">The extension type.</param>
    /// <param name="payload">The payload.</param>
    public void WriteExt(sbyte typeCode, scoped ReadOnlySpan<byte> payload)
    {
        WriteExtHeader(typeCode, payload.Length);
        WriteRaw(payload);
    }

    /// <summary>
    /// Writes a timestamp (ext type -1) in the smallest of its 32-, 64- and 96-bit layouts, as
    /// the spec's serialization pseudo code chooses.
    /// </summary>
    /// <param name="value">The timestamp.</param>
    public void WriteTimestamp(MessagePackTimestamp value)
    {
        Span<byte> payload = stackalloc byte[MessagePackTimestamp.MaxPayloadLength];
        int length = value.WritePayload(payload);
        WriteExt(MessagePackCode.TimestampExtensionType, payload[..length]);
    }

    /// <summary>Writes a <see cref="DateTime"/> as a timestamp (local times converted to UTC, unspecified taken as UTC).</summary>
    /// <param name="value">The instant.</param>
    public void WriteTimestamp(DateTime value) => WriteTimestamp(MessagePackTimestamp.FromDateTime(value));
}
