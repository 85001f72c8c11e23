using System.Buffers;
using Fpx.Protocol.Tests.Support;

namespace Fpx.Protocol.Tests;

public sealed class MessagePackWriterTests
{
    private delegate void WriteAction(ref MessagePackWriter writer);

    private static string Written(WriteAction write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        write(ref writer);
        writer.Flush();
        return Hex.Of(buffer.WrittenSpan);
    }

    [Theory]
    [InlineData(0L, "00")]
    [InlineData(127L, "7f")]
    [InlineData(128L, "cc80")]
    [InlineData(-1L, "ff")]
    [InlineData(-32L, "e0")]
    [InlineData(-33L, "d0df")]
    [InlineData(-128L, "d080")]
    [InlineData(-129L, "d1ff7f")]
    [InlineData(long.MinValue, "d38000000000000000")]
    [InlineData(long.MaxValue, "cf7fffffffffffffff")]
    public void Signed_values_use_the_smallest_format(long value, string hex)
    {
        Assert.Equal(hex, Written((ref MessagePackWriter w) => w.Write(value)));
    }

    [Fact]
    public void Small_ints_go_through_the_long_overload()
    {
        Assert.Equal("cd0100", Written((ref MessagePackWriter w) => w.Write(256)));
        Assert.Equal("ceffffffff", Written((ref MessagePackWriter w) => w.Write(uint.MaxValue)));
        Assert.Equal("cfffffffffffffffff", Written((ref MessagePackWriter w) => w.Write(ulong.MaxValue)));
    }

    [Fact]
    public void Floats_keep_their_width()
    {
        Assert.Equal("ca3f800000", Written((ref MessagePackWriter w) => w.Write(1f)));
        Assert.Equal("cb3ff0000000000000", Written((ref MessagePackWriter w) => w.Write(1.0)));
    }

    [Fact]
    public void Null_string_is_nil_and_strings_from_chars_and_utf8_agree()
    {
        Assert.Equal("c0", Written((ref MessagePackWriter w) => w.WriteString((string?)null)));
        string expected = Written((ref MessagePackWriter w) => w.WriteString("héllo"u8));
        Assert.Equal(expected, Written((ref MessagePackWriter w) => w.WriteString("héllo")));
        Assert.Equal(expected, Written((ref MessagePackWriter w) => w.WriteString("héllo".AsSpan())));
        Assert.Equal("a668c3a96c6c6f", expected);
    }

    [Theory]
    [InlineData(15, "8f")]
    [InlineData(16, "de0010")]
    [InlineData(65535, "deffff")]
    [InlineData(65536, "df00010000")]
    public void Map_headers(int count, string hex)
    {
        Assert.Equal(hex, Written((ref MessagePackWriter w) => w.WriteMapHeader(count)));
    }

    [Fact]
    public void Array_header_of_uint_max_uses_array32()
    {
        Assert.Equal("ddffffffff", Written((ref MessagePackWriter w) => w.WriteArrayHeader(uint.MaxValue)));
        Assert.Throws<OverflowException>(() => Written((ref MessagePackWriter w) => w.WriteArrayHeader(-1)));
    }

    [Theory]
    [InlineData(0, "c70005")]
    [InlineData(1, "d405")]
    [InlineData(2, "d505")]
    [InlineData(3, "c70305")]
    [InlineData(4, "d605")]
    [InlineData(8, "d705")]
    [InlineData(16, "d805")]
    [InlineData(17, "c71105")]
    [InlineData(256, "c8010005")]
    [InlineData(65536, "c90001000005")]
    public void Ext_headers_prefer_fixext(int length, string hex)
    {
        Assert.Equal(hex, Written((ref MessagePackWriter w) => w.WriteExtHeader(5, length)));
    }

    [Fact]
    public void Raw_sequence_is_copied_across_segments()
    {
        byte[] value = MsgCodec.Encode(MsgValue.Arr(MsgValue.Str("abc"), MsgValue.Int(300)));
        Assert.Equal(Hex.Of(value), Written((ref MessagePackWriter w) => w.WriteRaw(Segments.OneBytePerSegment(value))));
    }

    [Fact]
    public void Nothing_reaches_the_buffer_writer_before_Flush()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.Write(1L);
        Assert.Equal(0, buffer.WrittenCount);
        writer.Flush();
        Assert.Equal(1, buffer.WrittenCount);
        writer.Flush();
        Assert.Equal(1, buffer.WrittenCount);
    }

    [Fact]
    public void Large_payload_goes_through_many_grows()
    {
        byte[] payload = Corpus.Pattern(200_000);
        var buffer = new ArrayBufferWriter<byte>(16);
        var writer = new MessagePackWriter(buffer);
        for (int i = 0; i < 5; i++)
        {
            writer.WriteBinary(payload);
            writer.WriteString(new string('é', 40_000));
        }

        writer.Flush();
        var reader = new MessagePackReader(buffer.WrittenMemory);
        for (int i = 0; i < 5; i++)
        {
            Assert.True(reader.ReadBinary().ToArray().AsSpan().SequenceEqual(payload));
            Assert.Equal(new string('é', 40_000), reader.ReadString());
        }
    }
}
