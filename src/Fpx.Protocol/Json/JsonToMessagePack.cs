using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Fpx.Protocol.Json;

public static partial class MessagePackJson
{
    private enum Tag
    {
        None,
        Bin,
        Map,
        Timestamp,
        Float32,
        Float64,
        Ext,
        Data,
    }

    /// <summary>Converts one JSON value; the reader sits on its first token and is left on its last.</summary>
    private readonly struct JsonToMessagePack(int maxDepth)
    {
        public void WriteValue(ref Utf8JsonReader reader, ref MessagePackWriter writer, int depth)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    writer.WriteNil();
                    break;
                case JsonTokenType.True:
                case JsonTokenType.False:
                    writer.Write(reader.TokenType == JsonTokenType.True);
                    break;
                case JsonTokenType.Number:
                    WriteNumber(ref reader, ref writer);
                    break;
                case JsonTokenType.String:
                    WriteString(ref reader, ref writer);
                    break;
                case JsonTokenType.StartArray:
                    CheckDepth(ref reader, depth);
                    writer.WriteArrayHeader(CountArray(reader));
                    reader.Read();
                    while (reader.TokenType != JsonTokenType.EndArray)
                    {
                        WriteValue(ref reader, ref writer, depth + 1);
                        reader.Read();
                    }

                    break;
                default: // StartObject
                    WriteObject(ref reader, ref writer, depth);
                    break;
            }
        }

        private void CheckDepth(ref Utf8JsonReader reader, int depth)
        {
            if (depth >= maxDepth)
            {
                throw new JsonInputException(reader.TokenStartIndex, $"Nesting is deeper than the limit of {maxDepth}");
            }
        }

        private static int CountArray(Utf8JsonReader probe)
        {
            int count = 0;
            probe.Read();
            while (probe.TokenType != JsonTokenType.EndArray)
            {
                count++;
                probe.Skip();
                probe.Read();
            }

            return count;
        }

        private static void WriteNumber(ref Utf8JsonReader reader, ref MessagePackWriter writer)
        {
            ReadOnlySpan<byte> text = reader.ValueSpan;
            if (text.IndexOfAny(".eE"u8) >= 0)
            {
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
                {
                    throw new JsonInputException(reader.TokenStartIndex, "The number is outside the float64 range");
                }

                writer.Write(value);
            }
            else if (reader.TryGetInt64(out long signed))
            {
                writer.Write(signed);
            }
            else if (reader.TryGetUInt64(out ulong unsigned))
            {
                writer.Write(unsigned);
            }
            else
            {
                throw new JsonInputException(
                    reader.TokenStartIndex,
                    "The integer is outside the MessagePack int range [-(2^63), 2^64-1]; write it with a fraction or exponent to get a float64");
            }
        }

        private static void WriteString(ref Utf8JsonReader reader, ref MessagePackWriter writer)
        {
            if (!reader.ValueIsEscaped)
            {
                writer.WriteString(reader.ValueSpan);
                return;
            }

            byte[] rented = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
            try
            {
                int length = reader.CopyString(rented);
                writer.WriteString(rented.AsSpan(0, length));
            }
            catch (InvalidOperationException)
            {
                throw new JsonInputException(reader.TokenStartIndex, "The string holds an unpaired UTF-16 surrogate escape, which is not valid UTF-8");
            }
            catch (ArgumentException)
            {
                throw new JsonInputException(reader.TokenStartIndex, "The string is not valid UTF-8");
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        private static Tag TagOf(ref Utf8JsonReader name) =>
            name.ValueTextEquals(TagBin) ? Tag.Bin
            : name.ValueTextEquals(TagMap) ? Tag.Map
            : name.ValueTextEquals(TagTimestamp) ? Tag.Timestamp
            : name.ValueTextEquals(TagFloat32) ? Tag.Float32
            : name.ValueTextEquals(TagFloat64) ? Tag.Float64
            : name.ValueTextEquals(TagExt) ? Tag.Ext
            : name.ValueTextEquals(TagData) ? Tag.Data
            : Tag.None;

        private void WriteObject(ref Utf8JsonReader reader, ref MessagePackWriter writer, int depth)
        {
            // Look ahead on a copy: member count and, for one or two members, their tags.
            Utf8JsonReader probe = reader;
            int count = 0;
            Tag first = Tag.None, second = Tag.None;
            probe.Read();
            while (probe.TokenType == JsonTokenType.PropertyName)
            {
                count++;
                if (count <= 2)
                {
                    Tag tag = TagOf(ref probe);
                    if (count == 1)
                    {
                        first = tag;
                    }
                    else
                    {
                        second = tag;
                    }
                }

                probe.Read();
                probe.Skip();
                probe.Read();
            }

            if (count == 1 && first is Tag.Bin or Tag.Map or Tag.Timestamp or Tag.Float32 or Tag.Float64)
            {
                reader.Read(); // the name
                reader.Read(); // the value
                WriteTagged(first, ref reader, ref writer, depth);
                reader.Read(); // EndObject
                return;
            }

            if (count == 2 && ((first == Tag.Ext && second == Tag.Data) || (first == Tag.Data && second == Tag.Ext)))
            {
                WriteExt(ref reader, ref writer);
                return;
            }

            CheckDepth(ref reader, depth);
            writer.WriteMapHeader(count);
            reader.Read();
            while (reader.TokenType == JsonTokenType.PropertyName)
            {
                WriteString(ref reader, ref writer);
                reader.Read();
                WriteValue(ref reader, ref writer, depth + 1);
                reader.Read();
            }
        }

        private void WriteTagged(Tag tag, ref Utf8JsonReader reader, ref MessagePackWriter writer, int depth)
        {
            switch (tag)
            {
                case Tag.Bin:
                    writer.WriteBinary(ReadBase64(ref reader, "bin"));
                    break;
                case Tag.Float32:
                    writer.Write(ReadFloat32(ref reader));
                    break;
                case Tag.Float64:
                    writer.Write(ReadFloat64(ref reader));
                    break;
                case Tag.Timestamp:
                    writer.WriteTimestamp(ReadTimestamp(ref reader));
                    break;
                default:
                    WritePairs(ref reader, ref writer, depth);
                    break;
            }
        }

        private void WritePairs(ref Utf8JsonReader reader, ref MessagePackWriter writer, int depth)
        {
            const string shape = "\"map\" takes an array of [key, value] pairs";
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonInputException(reader.TokenStartIndex, shape);
            }

            CheckDepth(ref reader, depth);
            writer.WriteMapHeader(CountArray(reader));
            reader.Read();
            while (reader.TokenType != JsonTokenType.EndArray)
            {
                long pairStart = reader.TokenStartIndex;
                if (reader.TokenType != JsonTokenType.StartArray || CountArray(reader) != 2)
                {
                    throw new JsonInputException(pairStart, shape);
                }

                reader.Read();
                WriteValue(ref reader, ref writer, depth + 1);
                reader.Read();
                WriteValue(ref reader, ref writer, depth + 1);
                reader.Read(); // EndArray of the pair
                reader.Read();
            }
        }

        private static void WriteExt(ref Utf8JsonReader reader, ref MessagePackWriter writer)
        {
            int? type = null;
            byte[]? data = null;
            for (int i = 0; i < 2; i++)
            {
                reader.Read();
                bool isType = reader.ValueTextEquals(TagExt);
                reader.Read();
                if (isType)
                {
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out int value) || value is < sbyte.MinValue or > sbyte.MaxValue)
                    {
                        throw new JsonInputException(reader.TokenStartIndex, "\"ext\" takes an integer type in [-128, 127]");
                    }

                    if (value == MessagePackCode.TimestampExtensionType)
                    {
                        throw new JsonInputException(reader.TokenStartIndex, "ext type -1 is the timestamp: write {\"timestamp\": [seconds, nanoseconds]}");
                    }

                    type = value;
                }
                else
                {
                    data = ReadBase64(ref reader, "data");
                }
            }

            reader.Read(); // EndObject
            writer.WriteExt((sbyte)type!.Value, data);
        }

        private static byte[] ReadBase64(ref Utf8JsonReader reader, string tag)
        {
            if (reader.TokenType != JsonTokenType.String || !reader.TryGetBytesFromBase64(out byte[]? bytes))
            {
                throw new JsonInputException(reader.TokenStartIndex, $"\"{tag}\" takes a base64 string");
            }

            return bytes;
        }

        private static float ReadFloat32(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                return (float)ReadNonFinite(ref reader, "float32");
            }

            if (reader.TokenType != JsonTokenType.Number
                || !float.TryParse(reader.ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture, out float value)
                || !float.IsFinite(value))
            {
                throw new JsonInputException(reader.TokenStartIndex, "\"float32\" takes a number in the float32 range, \"NaN\", \"Infinity\" or \"-Infinity\"");
            }

            return value;
        }

        private static double ReadFloat64(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                return ReadNonFinite(ref reader, "float64");
            }

            if (reader.TokenType != JsonTokenType.Number
                || !double.TryParse(reader.ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
                || !double.IsFinite(value))
            {
                throw new JsonInputException(reader.TokenStartIndex, "\"float64\" takes a number in the float64 range, \"NaN\", \"Infinity\" or \"-Infinity\"");
            }

            return value;
        }

        /// <summary>
        /// NaN is written as the quiet NaN with sign and payload clear (0x7ff8000000000000, and
        /// 0x7fc00000 narrowed), as Python and JavaScript write it; .NET's double.NaN has the sign set.
        /// </summary>
        private static double ReadNonFinite(ref Utf8JsonReader reader, string tag) =>
            reader.ValueTextEquals("NaN"u8) ? BitConverter.UInt64BitsToDouble(0x7ff8_0000_0000_0000)
            : reader.ValueTextEquals("Infinity"u8) ? double.PositiveInfinity
            : reader.ValueTextEquals("-Infinity"u8) ? double.NegativeInfinity
            : throw new JsonInputException(reader.TokenStartIndex, $"\"{tag}\" takes a number, \"NaN\", \"Infinity\" or \"-Infinity\"");

        private static MessagePackTimestamp ReadTimestamp(ref Utf8JsonReader reader)
        {
            const string shape = "\"timestamp\" takes [seconds, nanoseconds]: an int64 and an integer in [0, 999999999]";
            long start = reader.TokenStartIndex;
            if (reader.TokenType != JsonTokenType.StartArray || CountArray(reader) != 2)
            {
                throw new JsonInputException(start, shape);
            }

            reader.Read();
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long seconds) || reader.ValueSpan.IndexOfAny(".eE"u8) >= 0)
            {
                throw new JsonInputException(reader.TokenStartIndex, shape);
            }

            reader.Read();
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetUInt32(out uint nanoseconds)
                || nanoseconds >= MessagePackTimestamp.NanosecondsPerSecond || reader.ValueSpan.IndexOfAny(".eE"u8) >= 0)
            {
                throw new JsonInputException(reader.TokenStartIndex, shape);
            }

            reader.Read(); // EndArray
            return new MessagePackTimestamp(seconds, nanoseconds);
        }
    }
}
