using System.Buffers;
using System.Text;
using Fpx.Protocol.Tests.Support;

namespace Fpx.Protocol.Tests;

/// <summary>str must hold UTF-8 (spec "str format family"); ill-formed sequences per Unicode table 3-7.</summary>
public sealed class Utf8ValidationTests
{
    public static TheoryData<string, string> IllFormed => new()
    {
        { "c080", "overlong NUL" },
        { "c1bf", "overlong 2-byte" },
        { "e08080", "overlong 3-byte" },
        { "e09fbf", "overlong 3-byte edge" },
        { "f0808080", "overlong 4-byte" },
        { "f08fbfbf", "overlong 4-byte edge" },
        { "eda080", "surrogate U+D800" },
        { "edbfbf", "surrogate U+DFFF" },
        { "eda0bdedb880", "surrogate pair encoded as two 3-byte sequences (CESU-8)" },
        { "f4908080", "above U+10FFFF" },
        { "f5808080", "lead byte F5" },
        { "f8888080 80", "5-byte form" },
        { "c3", "truncated 2-byte" },
        { "e282", "truncated 3-byte" },
        { "f09f98", "truncated 4-byte" },
        { "80", "lone continuation" },
        { "bf", "lone continuation BF" },
        { "fe", "byte FE" },
        { "ff", "byte FF" },
        { "c341", "lead without continuation" },
    };

    private static byte[] Str(byte[] payload) => Hex.Concat([0xd9, (byte)payload.Length], payload);

    [Theory]
    [MemberData(nameof(IllFormed))]
    public void Ill_formed_UTF8_is_rejected_at_its_byte_by_every_string_read(string badHex, string why)
    {
        byte[] payload = Hex.Concat("ab"u8.ToArray(), Hex.Bytes(badHex), "cd"u8.ToArray());
        byte[] bytes = Str(payload);
        const int expectedOffset = 2 + 2; // str 8 header + "ab"

        foreach (ReadOnlySequence<byte> sequence in new[] { new ReadOnlySequence<byte>(bytes), Segments.Split(bytes, 5), Segments.OneBytePerSegment(bytes) })
        {
            AssertInvalid(sequence, (ref MessagePackReader r) => r.ReadString(), expectedOffset, why);
            AssertInvalid(sequence, (ref MessagePackReader r) => r.ReadStringSequence(), expectedOffset, why);
            if (sequence.IsSingleSegment)
            {
                AssertInvalid(sequence, (ref MessagePackReader r) => r.TryReadStringSpan(out _), expectedOffset, why);
            }
        }
    }

    private delegate void Read(ref MessagePackReader reader);

    private static void AssertInvalid(ReadOnlySequence<byte> bytes, Read read, int offset, string why)
    {
        MessagePackException e = Assert.Throws<MessagePackException>(() =>
        {
            var reader = new MessagePackReader(bytes);
            read(ref reader);
        });
        Assert.True(e.Kind == MessagePackErrorKind.InvalidUtf8, $"{why}: {e.Kind}");
        Assert.True(e.Offset == offset, $"{why}: offset {e.Offset}");
    }

    [Theory]
    [InlineData("7f")]
    [InlineData("c280")]
    [InlineData("dfbf")]
    [InlineData("e0a080")]
    [InlineData("ed9fbf")] // U+D7FF, just below the surrogates
    [InlineData("ee8080")] // U+E000, just above
    [InlineData("efbfbf")] // U+FFFF, a noncharacter but well-formed
    [InlineData("efbbbf")] // U+FEFF BOM is a character like any other inside a str
    [InlineData("f0908080")]
    [InlineData("f48fbfbf")] // U+10FFFF
    public void Well_formed_edges_are_accepted(string hex)
    {
        byte[] payload = Hex.Bytes(hex);
        var reader = new MessagePackReader(Str(payload));
        Assert.Equal(Encoding.UTF8.GetString(payload), reader.ReadString());
    }

    [Fact]
    public void Writer_rejects_ill_formed_UTF8_and_lone_surrogates()
    {
        var buffer = new ArrayBufferWriter<byte>();
        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new MessagePackWriter(buffer);
            writer.WriteString(Hex.Bytes("eda080"));
        });
        Assert.ThrowsAny<ArgumentException>(() =>
        {
            var writer = new MessagePackWriter(buffer);
            writer.WriteString("a\ud800b");
        });
        Assert.ThrowsAny<ArgumentException>(() =>
        {
            var writer = new MessagePackWriter(buffer);
            writer.WriteString("\udc00");
        });
    }
}
