using System.Buffers.Binary;

namespace Fpx.Protocol;

// Spec "Timestamp extension type": three payload layouts, all big-endian.
//   timestamp 32: fixext 4,  uint32 seconds                    (seconds in [0, 2^32), nanoseconds 0)
//   timestamp 64: fixext 8,  nanoseconds:30 | seconds:34 bits  (seconds in [0, 2^34))
//   timestamp 96: ext 8 (12), uint32 nanoseconds, int64 seconds (everything else)
public readonly partial struct MessagePackTimestamp
{
    /// <summary>Largest payload (timestamp 96).</summary>
    internal const int MaxPayloadLength = 12;

    /// <summary>Payload length the writer uses: the smallest layout that holds the value, as the spec's pseudo code does.</summary>
    internal int EncodedPayloadLength
    {
        get
        {
            if ((ulong)Seconds >> 34 == 0)
            {
                return Nanoseconds == 0 && (ulong)Seconds >> 32 == 0 ? 4 : 8;
            }

            return 12;
        }
    }

    /// <summary>Writes the payload in the layout <see cref="EncodedPayloadLength"/> names.</summary>
    /// <param name="destination">At least <see cref="EncodedPayloadLength"/> bytes.</param>
    /// <returns>Bytes written.</returns>
    internal int WritePayload(Span<byte> destination)
    {
        int length = EncodedPayloadLength;
        switch (length)
        {
            case 4:
                BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)Seconds);
                break;
            case 8:
                BinaryPrimitives.WriteUInt64BigEndian(destination, ((ulong)Nanoseconds << 34) | (ulong)Seconds);
                break;
            default:
                BinaryPrimitives.WriteUInt32BigEndian(destination, Nanoseconds);
                BinaryPrimitives.WriteInt64BigEndian(destination[4..], Seconds);
                break;
        }

        return length;
    }

    /// <summary>
    /// Decodes a timestamp payload of any of the three layouts (chosen by its length, whatever
    /// ext format carried it). Fails on other lengths and on nanoseconds of 1e9 or more, which
    /// the 64- and 96-bit layouts can physically hold but the spec forbids.
    /// </summary>
    /// <param name="payload">The ext payload.</param>
    /// <param name="value">The timestamp on success.</param>
    /// <returns>True when the payload is a valid timestamp.</returns>
    internal static bool TryDecodePayload(ReadOnlySpan<byte> payload, out MessagePackTimestamp value)
    {
        long seconds;
        uint nanoseconds;
        switch (payload.Length)
        {
            case 4:
                seconds = BinaryPrimitives.ReadUInt32BigEndian(payload);
                nanoseconds = 0;
                break;
            case 8:
                ulong data64 = BinaryPrimitives.ReadUInt64BigEndian(payload);
                nanoseconds = (uint)(data64 >> 34);
                seconds = (long)(data64 & 0x3_ffff_ffffUL);
                break;
            case 12:
                nanoseconds = BinaryPrimitives.ReadUInt32BigEndian(payload);
                seconds = BinaryPrimitives.ReadInt64BigEndian(payload[4..]);
                break;
            default:
                value = default;
                return false;
        }

        if (nanoseconds >= NanosecondsPerSecond)
        {
            value = default;
            return false;
        }

        value = new MessagePackTimestamp(seconds, nanoseconds);
        return true;
    }
}
