using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Fpx.Protocol.Json;

// MessagePack -> JSON lines. Values are cut from the stream by the frame scanner (so limits
// hold before anything is converted), then each is written as one line.
public static partial class MessagePackJson
{
    private static ReadOnlySpan<byte> TagBin => "bin"u8;
    private static ReadOnlySpan<byte> TagExt => "ext"u8;
    private static ReadOnlySpan<byte> TagData => "data"u8;
    private static ReadOnlySpan<byte> TagTimestamp => "timestamp"u8;
    private static ReadOnlySpan<byte> TagMap => "map"u8;
    private static ReadOnlySpan<byte> TagFloat32 => "float32"u8;
    private static ReadOnlySpan<byte> TagFloat64 => "float64"u8;

    /// <summary>
    /// Reads MessagePack values one after another from <paramref name="input"/> until it ends and
    /// writes each as one line of JSON.
    /// </summary>
    /// <param name="input">MessagePack bytes.</param>
    /// <param name="output">Receives one JSON line per value.</param>
    /// <param name="error">Receives a message with the byte offset and reason if the input is malformed.</param>
    /// <returns><see cref="ExitOk"/>, or <see cref="ExitMalformed"/> after the lines of the values before the bad one.</returns>
    public static int ToJson(Stream input, TextWriter output, TextWriter error) => ToJson(input, output, error, null);

    /// <summary>As <see cref="ToJson(Stream, TextWriter, TextWriter)"/>, with explicit limits.</summary>
    /// <param name="input">MessagePack bytes.</param>
    /// <param name="output">Receives one JSON line per value.</param>
    /// <param name="error">Receives a message with the byte offset and reason if the input is malformed.</param>
    /// <param name="limits">Limits per value; <see cref="MessagePackLimits.Default"/> when null.</param>
    /// <returns><see cref="ExitOk"/> or <see cref="ExitMalformed"/>.</returns>
    public static int ToJson(Stream input, TextWriter output, TextWriter error, MessagePackLimits? limits)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        limits ??= MessagePackLimits.Default;

        byte[] buffer = new byte[64 * 1024];
        int start = 0, end = 0;
        long bufferOffset = 0; // stream offset of buffer[0]
        bool eof = false;
        var json = new ArrayBufferWriter<byte>();
        using var jsonWriter = new Utf8JsonWriter(json, WriterOptions);

        while (true)
        {
            if (start < end)
            {
                var pending = new ReadOnlySequence<byte>(buffer, start, end - start);
                FrameScanResult scan = MessagePackFrameScanner.TryScanValue(pending, limits);
                long valueOffset = bufferOffset + start;
                if (scan.Status == DecodeStatus.Success)
                {
                    try
                    {
                        var reader = new MessagePackReader(pending.Slice(0, scan.Length), limits);
                        WriteJsonValue(ref reader, jsonWriter);
                    }
                    catch (MessagePackException e)
                    {
                        return Malformed(error, valueOffset + e.Offset, e.Reason, e.Kind);
                    }

                    jsonWriter.Flush();
                    output.Write(Encoding.UTF8.GetString(json.WrittenSpan));
                    output.Write('\n');
                    json.ResetWrittenCount();
                    jsonWriter.Reset(json);
                    start += (int)scan.Length;
                    continue;
                }

                if (scan.Status == DecodeStatus.Malformed)
                {
                    return Malformed(error, valueOffset + scan.ErrorOffset, scan.ErrorMessage, scan.ErrorKind);
                }

                if (eof)
                {
                    return Malformed(
                        error,
                        valueOffset + scan.ErrorOffset,
                        $"The input ends inside the value that starts at byte offset {valueOffset}",
                        MessagePackErrorKind.Truncated);
                }
            }
            else if (eof)
            {
                output.Flush();
                return ExitOk;
            }

            // Need more bytes: keep the unconsumed tail at the front, grow if it fills the buffer.
            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                bufferOffset += start;
                end -= start;
                start = 0;
            }

            if (end == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            int read = input.Read(buffer, end, buffer.Length - end);
            if (read == 0)
            {
                eof = true;
            }

            end += read;
        }
    }

    private static int Malformed(TextWriter error, long offset, string reason, MessagePackErrorKind kind)
    {
        error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"error: malformed MessagePack at byte offset {offset}: {reason} [{kind}]"));
        return ExitMalformed;
    }

    private static void WriteJsonValue(ref MessagePackReader reader, Utf8JsonWriter json)
    {
        switch (reader.PeekType())
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                json.WriteNullValue();
                break;
            case MessagePackType.Boolean:
                json.WriteBooleanValue(reader.ReadBoolean());
                break;
            case MessagePackType.Integer:
                if (reader.PeekCode() == MessagePackCode.UInt64)
                {
                    json.WriteNumberValue(reader.ReadUInt64());
                }
                else
                {
                    json.WriteNumberValue(reader.ReadInt64());
                }

                break;
            case MessagePackType.Float:
                WriteFloat(ref reader, json);
                break;
            case MessagePackType.String:
                ReadOnlySequence<byte> text = reader.ReadStringSequence();
                json.WriteStringValue(text.IsSingleSegment ? text.FirstSpan : text.ToArray());
                break;
            case MessagePackType.Binary:
                json.WriteStartObject();
                json.WriteBase64String(TagBin, reader.ReadBinary().ToArray());
                json.WriteEndObject();
                break;
            case MessagePackType.Extension:
                WriteExtension(ref reader, json);
                break;
            case MessagePackType.Array:
                json.WriteStartArray();
                for (int i = reader.ReadArrayHeader(); i > 0; i--)
                {
                    WriteJsonValue(ref reader, json);
                }

                json.WriteEndArray();
                break;
            case MessagePackType.Map:
                WriteMap(ref reader, json);
                break;
            default:
                ThrowHelper.ThrowReservedCode(reader.Consumed);
                break;
        }
    }

    private static void WriteFloat(ref MessagePackReader reader, Utf8JsonWriter json)
    {
        Span<byte> text = stackalloc byte[40];
        int length;
        if (reader.PeekCode() == MessagePackCode.Float32)
        {
            float single = reader.ReadSingle();
            json.WriteStartObject();
            json.WritePropertyName(TagFloat32);
            if (!float.IsFinite(single))
            {
                json.WriteStringValue(NonFiniteName(single));
            }
            else
            {
                single.TryFormat(text, out length, "R", CultureInfo.InvariantCulture);
                json.WriteRawValue(text[..MarkAsFloat(text, length)], skipInputValidation: true);
            }

            json.WriteEndObject();
            return;
        }

        double value = reader.ReadDouble();
        if (!double.IsFinite(value))
        {
            json.WriteStartObject();
            json.WriteString(TagFloat64, NonFiniteName(value));
            json.WriteEndObject();
            return;
        }

        value.TryFormat(text, out length, "R", CultureInfo.InvariantCulture);
        json.WriteRawValue(text[..MarkAsFloat(text, length)], skipInputValidation: true);
    }

    /// <summary>Appends ".0" when the shortest form looks like an integer, so that it reads back as a float.</summary>
    private static int MarkAsFloat(Span<byte> text, int length)
    {
        if (text[..length].IndexOfAny(".eE"u8) >= 0)
        {
            return length;
        }

        text[length] = (byte)'.';
        text[length + 1] = (byte)'0';
        return length + 2;
    }

    private static void WriteExtension(ref MessagePackReader reader, Utf8JsonWriter json)
    {
        json.WriteStartObject();
        if (reader.IsNextTimestamp())
        {
            MessagePackTimestamp timestamp = reader.ReadTimestamp();
            json.WriteStartArray(TagTimestamp);
            json.WriteNumberValue(timestamp.Seconds);
            json.WriteNumberValue(timestamp.Nanoseconds);
            json.WriteEndArray();
        }
        else
        {
            MessagePackExtensionHeader header = reader.ReadExtHeader();
            json.WriteNumber(TagExt, header.TypeCode);
            json.WriteBase64String(TagData, reader.ReadRaw(header.Length).ToArray());
        }

        json.WriteEndObject();
    }

    private static void WriteMap(ref MessagePackReader reader, Utf8JsonWriter json)
    {
        int count = reader.ReadMapHeader();
        if (CanWriteAsObject(reader, count))
        {
            json.WriteStartObject();
            for (int i = 0; i < count; i++)
            {
                ReadOnlySequence<byte> key = reader.ReadStringSequence();
                json.WritePropertyName(key.IsSingleSegment ? key.FirstSpan : key.ToArray());
                WriteJsonValue(ref reader, json);
            }

            json.WriteEndObject();
            return;
        }

        json.WriteStartObject();
        json.WriteStartArray(TagMap);
        for (int i = 0; i < count; i++)
        {
            json.WriteStartArray();
            WriteJsonValue(ref reader, json);
            WriteJsonValue(ref reader, json);
            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>
    /// A map becomes a JSON object only if that object reads back as the same map: str keys,
    /// no duplicates (JSON object names should be unique, RFC 8259 section 4), and not the shape
    /// of a tagged form.
    /// </summary>
    private static bool CanWriteAsObject(MessagePackReader probe, int count)
    {
        if (count == 0)
        {
            return true;
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            if (probe.PeekType() != MessagePackType.String || !keys.Add(probe.ReadString()))
            {
                return false;
            }

            probe.Skip();
        }

        return count switch
        {
            1 => !(keys.Contains("bin") || keys.Contains("map") || keys.Contains("timestamp")
                   || keys.Contains("float32") || keys.Contains("float64")),
            2 => !(keys.Contains("ext") && keys.Contains("data")),
            _ => true,
        };
    }
}
