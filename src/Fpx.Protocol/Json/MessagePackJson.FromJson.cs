using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Fpx.Protocol.Json;

// JSON lines -> MessagePack. Each non-blank line holds one JSON value. Objects are looked at
// ahead (on a copy of the reader) to count their members and recognise the tagged forms,
// since a MessagePack map header needs its count first.
public static partial class MessagePackJson
{
    /// <summary>
    /// Reads JSON values, one per line (blank lines are skipped), and writes each as MessagePack
    /// in its smallest encoding, following the mapping described on <see cref="MessagePackJson"/>.
    /// </summary>
    /// <param name="input">JSON lines.</param>
    /// <param name="output">Receives the MessagePack values back to back.</param>
    /// <param name="error">Receives a message with the line, column and reason if the input is malformed.</param>
    /// <returns><see cref="ExitOk"/>, or <see cref="ExitMalformed"/> after writing the values of the lines before the bad one.</returns>
    public static int FromJson(TextReader input, Stream output, TextWriter error) => FromJson(input, output, error, null);

    /// <summary>As <see cref="FromJson(TextReader, Stream, TextWriter)"/>, with explicit limits (nesting depth).</summary>
    /// <param name="input">JSON lines.</param>
    /// <param name="output">Receives the MessagePack values back to back.</param>
    /// <param name="error">Receives a message with the line, column and reason if the input is malformed.</param>
    /// <param name="limits">Limits; <see cref="MessagePackLimits.MaxDepth"/> bounds the nesting of the output.</param>
    /// <returns><see cref="ExitOk"/> or <see cref="ExitMalformed"/>.</returns>
    public static int FromJson(TextReader input, Stream output, TextWriter error, MessagePackLimits? limits)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        limits ??= MessagePackLimits.Default;
        var options = new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
            MaxDepth = 3 * limits.MaxDepth + 2, // a {"map": [[k, v]]} level is three JSON levels
        };
        var packed = new ArrayBufferWriter<byte>();
        int lineNumber = 0;
        while (input.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            byte[] utf8 = Encoding.UTF8.GetBytes(line);
            try
            {
                var reader = new Utf8JsonReader(utf8, options);
                reader.Read();
                var writer = new MessagePackWriter(packed);
                new JsonToMessagePack(limits.MaxDepth).WriteValue(ref reader, ref writer, 0);
                writer.Flush();
                reader.Read(); // throws if anything but whitespace follows the value
            }
            catch (JsonException e)
            {
                return JsonMalformed(error, lineNumber, utf8, e.BytePositionInLine ?? 0, StripPosition(e.Message));
            }
            catch (JsonInputException e)
            {
                return JsonMalformed(error, lineNumber, utf8, e.ByteIndex, e.Message);
            }

            output.Write(packed.WrittenSpan);
            packed.ResetWrittenCount();
        }

        output.Flush();
        return ExitOk;
    }

    private static int JsonMalformed(TextWriter error, int lineNumber, byte[] utf8, long byteIndex, string reason)
    {
        int column = Encoding.UTF8.GetCharCount(utf8, 0, (int)Math.Clamp(byteIndex, 0, utf8.Length)) + 1;
        error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"error: malformed JSON at line {lineNumber}, column {column}: {reason}"));
        return ExitMalformed;
    }

    /// <summary>System.Text.Json appends "LineNumber: 0 | BytePositionInLine: n." which would contradict our own position.</summary>
    private static string StripPosition(string message)
    {
        int at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return at > 0 ? message[..at] : message;
    }

    /// <summary>A semantic error in otherwise valid JSON, at a byte index of the line.</summary>
    private sealed class JsonInputException(long byteIndex, string message) : Exception(message)
    {
        public long ByteIndex { get; } = byteIndex;
    }
}
