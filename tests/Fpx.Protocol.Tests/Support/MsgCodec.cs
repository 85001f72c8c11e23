using System.Buffers;

namespace Fpx.Protocol.Tests.Support;

/// <summary>Writes and reads <see cref="MsgValue"/> trees through the public reader and writer API only.</summary>
public static class MsgCodec
{
    public static byte[] Encode(MsgValue value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        Write(ref writer, value);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] EncodeAll(IEnumerable<MsgValue> values)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        foreach (MsgValue value in values)
        {
            Write(ref writer, value);
        }

        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(ref MessagePackWriter writer, MsgValue value)
    {
        switch (value)
        {
            case MsgNil:
                writer.WriteNil();
                break;
            case MsgBool b:
                writer.Write(b.Value);
                break;
            case MsgInt i when i.Negative:
                writer.Write((long)i.Bits);
                break;
            case MsgInt i:
                writer.Write(i.Bits);
                break;
            case MsgF32 f:
                writer.Write(f.Value);
                break;
            case MsgF64 d:
                writer.Write(d.Value);
                break;
            case MsgStr s:
                writer.WriteString(s.Value);
                break;
            case MsgBin b:
                writer.WriteBinary(b.Value);
                break;
            case MsgExt e:
                writer.WriteExt(e.Type, e.Data);
                break;
            case MsgTs t:
                writer.WriteTimestamp(new MessagePackTimestamp(t.Seconds, t.Nanoseconds));
                break;
            case MsgArray a:
                writer.WriteArrayHeader(a.Items.Count);
                foreach (MsgValue item in a.Items)
                {
                    Write(ref writer, item);
                }

                break;
            case MsgMap m:
                writer.WriteMapHeader(m.Pairs.Count);
                foreach ((MsgValue k, MsgValue v) in m.Pairs)
                {
                    Write(ref writer, k);
                    Write(ref writer, v);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(value));
        }
    }

    /// <summary>Decodes exactly one value that fills the whole sequence.</summary>
    public static MsgValue Decode(ReadOnlySequence<byte> bytes, MessagePackLimits? limits = null)
    {
        var reader = new MessagePackReader(bytes, limits);
        MsgValue value = Read(ref reader);
        Assert.True(reader.End, $"{reader.Remaining} bytes left after the value");
        return value;
    }

    public static MsgValue Decode(byte[] bytes, MessagePackLimits? limits = null) => Decode(new ReadOnlySequence<byte>(bytes), limits);

    public static List<MsgValue> DecodeAll(byte[] bytes)
    {
        var reader = new MessagePackReader(bytes);
        var values = new List<MsgValue>();
        while (!reader.End)
        {
            values.Add(Read(ref reader));
        }

        return values;
    }

    public static MsgValue Read(ref MessagePackReader reader)
    {
        switch (reader.PeekType())
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                return MsgValue.Nil;
            case MessagePackType.Boolean:
                return MsgValue.Bool(reader.ReadBoolean());
            case MessagePackType.Integer:
                return reader.PeekCode() == 0xcf ? MsgValue.UInt(reader.ReadUInt64()) : MsgValue.Int(reader.ReadInt64());
            case MessagePackType.Float:
                return reader.PeekCode() == 0xca ? MsgValue.F32(reader.ReadSingle()) : MsgValue.F64(reader.ReadDouble());
            case MessagePackType.String:
                return MsgValue.Str(reader.ReadString());
            case MessagePackType.Binary:
                return MsgValue.Bin(reader.ReadBinary().ToArray());
            case MessagePackType.Extension:
                if (reader.IsNextTimestamp())
                {
                    MessagePackTimestamp ts = reader.ReadTimestamp();
                    return MsgValue.Ts(ts.Seconds, ts.Nanoseconds);
                }

                MessagePackExtensionHeader header = reader.ReadExtHeader();
                return MsgValue.Ext(header.TypeCode, reader.ReadRaw(header.Length).ToArray());
            case MessagePackType.Array:
                int count = reader.ReadArrayHeader();
                var items = new MsgValue[count];
                for (int i = 0; i < count; i++)
                {
                    items[i] = Read(ref reader);
                }

                return new MsgArray(items);
            case MessagePackType.Map:
                int pairs = reader.ReadMapHeader();
                var entries = new (MsgValue, MsgValue)[pairs];
                for (int i = 0; i < pairs; i++)
                {
                    MsgValue key = Read(ref reader);
                    entries[i] = (key, Read(ref reader));
                }

                return new MsgMap(entries);
            default:
                reader.Skip(); // the reserved byte 0xc1: Skip reports it
                throw new InvalidOperationException("Skip accepted the reserved byte 0xc1");
        }
    }
}
