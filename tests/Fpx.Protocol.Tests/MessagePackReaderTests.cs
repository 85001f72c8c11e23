using System.Buffers;
using System.Text;
using Fpx.Protocol.Tests.Support;

namespace Fpx.Protocol.Tests;

public sealed class MessagePackReaderTests
{
    private static MessagePackException Fails(string hex, ReaderAction action, MessagePackLimits? limits = null)
    {
        byte[] bytes = Hex.Bytes(hex);
        return Assert.Throws<MessagePackException>(() =>
        {
            var reader = new MessagePackReader(bytes, limits);
            action(ref reader);
        });
    }

    private delegate void ReaderAction(ref MessagePackReader reader);

    [Theory]
    [InlineData("a161")]
    [InlineData("c0")]
    [InlineData("ca3f800000")]
    [InlineData("90")]
    public void ReadInt64_rejects_other_types_with_type_mismatch_at_the_token(string hex)
    {
        MessagePackException e = Fails("01" + hex, (ref MessagePackReader r) => { r.ReadInt64(); r.ReadInt64(); });
        Assert.Equal(MessagePackErrorKind.TypeMismatch, e.Kind);
        Assert.Equal(1, e.Offset);
        Assert.Contains("integer", e.Message, StringComparison.Ordinal);
        Assert.Contains("at byte offset 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadInt64_overflows_above_long_max()
    {
        MessagePackException e = Fails("cf8000000000000000", (ref MessagePackReader r) => r.ReadInt64());
        Assert.Equal(MessagePackErrorKind.IntegerOverflow, e.Kind);
    }

    [Theory]
    [InlineData("ff")]
    [InlineData("d080")]
    [InlineData("d38000000000000000")]
    public void ReadUInt64_overflows_below_zero(string hex)
    {
        Assert.Equal(MessagePackErrorKind.IntegerOverflow, Fails(hex, (ref MessagePackReader r) => r.ReadUInt64()).Kind);
    }

    [Theory]
    [InlineData("ce80000000")] // 2^31
    [InlineData("d3ffffffff7fffffff")] // -2^31 - 1
    [InlineData("cfffffffffffffffff")]
    public void ReadInt32_overflows_outside_int(string hex)
    {
        Assert.Equal(MessagePackErrorKind.IntegerOverflow, Fails(hex, (ref MessagePackReader r) => r.ReadInt32()).Kind);
    }

    [Theory]
    [InlineData("cf0000000100000000")] // 2^32
    [InlineData("ff")]
    public void ReadUInt32_overflows_outside_uint(string hex)
    {
        Assert.Equal(MessagePackErrorKind.IntegerOverflow, Fails(hex, (ref MessagePackReader r) => r.ReadUInt32()).Kind);
    }

    [Fact]
    public void Int32_and_UInt32_edges_read()
    {
        var reader = new MessagePackReader(Hex.Bytes("d280000000 ce7fffffff ceffffffff 00"));
        Assert.Equal(int.MinValue, reader.ReadInt32());
        Assert.Equal(int.MaxValue, reader.ReadInt32());
        Assert.Equal(uint.MaxValue, reader.ReadUInt32());
        Assert.Equal(0u, reader.ReadUInt32());
        Assert.True(reader.End);
    }

    [Fact]
    public void ReadDouble_accepts_float32_float64_and_integers()
    {
        var reader = new MessagePackReader(Hex.Bytes("ca3fc00000 cb3fb999999999999a 05 ff cfffffffffffffffff"));
        Assert.Equal(1.5, reader.ReadDouble());
        Assert.Equal(0.1, reader.ReadDouble());
        Assert.Equal(5.0, reader.ReadDouble());
        Assert.Equal(-1.0, reader.ReadDouble());
        Assert.Equal(18446744073709551615.0, reader.ReadDouble());
    }

    [Fact]
    public void ReadSingle_reads_float32_exactly_and_narrows_float64()
    {
        var reader = new MessagePackReader(Hex.Bytes("ca3dcccccd cb3fb999999999999a 07"));
        Assert.Equal(0.1f, reader.ReadSingle());
        Assert.Equal(0.1f, reader.ReadSingle());
        Assert.Equal(7f, reader.ReadSingle());
    }

    [Fact]
    public void ReadDouble_rejects_a_string()
    {
        Assert.Equal(MessagePackErrorKind.TypeMismatch, Fails("a0", (ref MessagePackReader r) => r.ReadDouble()).Kind);
    }

    [Fact]
    public void Nil_and_bool()
    {
        var reader = new MessagePackReader(Hex.Bytes("c0 c3 c2 01"));
        Assert.True(reader.TryReadNil());
        Assert.False(reader.TryReadNil());
        Assert.True(reader.ReadBoolean());
        Assert.False(reader.ReadBoolean());
        Assert.False(reader.TryReadNil());
        Assert.Equal(1, reader.ReadInt64());
        Assert.Equal(MessagePackErrorKind.Truncated, Fails(string.Empty, (ref MessagePackReader r) => r.TryReadNil()).Kind);
        Assert.Equal(MessagePackErrorKind.TypeMismatch, Fails("01", (ref MessagePackReader r) => r.ReadBoolean()).Kind);
        Assert.Equal(MessagePackErrorKind.TypeMismatch, Fails("c2", (ref MessagePackReader r) => r.ReadNil()).Kind);
    }

    [Fact]
    public void TryReadStringSpan_returns_false_and_does_not_move_when_the_payload_is_split()
    {
        byte[] bytes = Hex.Bytes("a568656c6c6f 01");
        var reader = new MessagePackReader(Segments.Split(bytes, 3));
        Assert.False(reader.TryReadStringSpan(out _));
        Assert.Equal(0, reader.Consumed);
        Assert.Equal("hello", Encoding.UTF8.GetString(reader.ReadStringSequence()));
        Assert.Equal(1, reader.ReadInt64());

        reader = new MessagePackReader(Segments.Split(bytes, 1));
        Assert.True(reader.TryReadStringSpan(out ReadOnlySpan<byte> span));
        Assert.True(span.SequenceEqual("hello"u8));
    }

    [Fact]
    public void ReadStringHeader_then_raw_payload()
    {
        var reader = new MessagePackReader(Hex.Bytes("d903616263"));
        Assert.Equal(3, reader.ReadStringHeader());
        Assert.Equal("abc"u8.ToArray(), reader.ReadRaw(3).ToArray());
    }

    [Fact]
    public void ReadBinary_does_not_accept_str()
    {
        Assert.Equal(MessagePackErrorKind.TypeMismatch, Fails("a161", (ref MessagePackReader r) => r.ReadBinary()).Kind);
        Assert.Equal(MessagePackErrorKind.TypeMismatch, Fails("c40161", (ref MessagePackReader r) => r.ReadString()).Kind);
    }

    [Fact]
    public void Skip_and_ReadRaw_move_past_whole_values()
    {
        byte[] bytes = Hex.Bytes("93 01 92 02 81 a161 c0 a178 2a");
        var reader = new MessagePackReader(bytes);
        ReadOnlySequence<byte> raw = reader.ReadRaw();
        Assert.Equal(bytes.Length - 1, raw.Length);
        Assert.Equal(42, reader.ReadInt64());

        reader = new MessagePackReader(bytes);
        Assert.Equal(3, reader.ReadArrayHeader());
        reader.Skip();
        reader.Skip();
        Assert.Equal("x", reader.ReadString());
    }

    [Fact]
    public void Reserved_byte_is_reported_where_it_is()
    {
        MessagePackException e = Fails("93 01 02 c1", (ref MessagePackReader r) =>
        {
            r.ReadArrayHeader();
            r.ReadInt64();
            r.ReadInt64();
            r.ReadInt64();
        });
        Assert.Equal(MessagePackErrorKind.ReservedCode, e.Kind);
        Assert.Equal(3, e.Offset);

        e = Fails("92 01 c1", (ref MessagePackReader r) => r.Skip());
        Assert.Equal(MessagePackErrorKind.ReservedCode, e.Kind);
        Assert.Equal(2, e.Offset);
        Assert.Equal(MessagePackType.Unknown, new MessagePackReader(Hex.Bytes("c1")).PeekType());
    }

    [Fact]
    public void Ext_header_and_payload()
    {
        var reader = new MessagePackReader(Hex.Bytes("c70305aabbcc d4ff00"));
        MessagePackExtensionHeader header = reader.ReadExtHeader();
        Assert.Equal(5, header.TypeCode);
        Assert.Equal(3, header.Length);
        Assert.Equal(new byte[] { 0xaa, 0xbb, 0xcc }, reader.ReadRaw(header.Length).ToArray());
        Assert.True(reader.IsNextTimestamp()); // any ext of type -1 is a timestamp, valid or not
        header = reader.ReadExtHeader();
        Assert.Equal(-1, header.TypeCode);
        Assert.Equal(MessagePackErrorKind.InvalidTimestamp, Fails("d4ff00", (ref MessagePackReader r) => r.ReadTimestamp()).Kind);
        Assert.Equal(MessagePackErrorKind.TypeMismatch, Fails("d60500000000", (ref MessagePackReader r) => r.ReadTimestamp()).Kind);
    }

    [Fact]
    public void PeekCode_and_position_properties()
    {
        var reader = new MessagePackReader(Hex.Bytes("cd0100 05"));
        Assert.Equal(0xcd, reader.PeekCode());
        Assert.Equal(4, reader.Remaining);
        Assert.Equal(256, reader.ReadInt64());
        Assert.Equal(3, reader.Consumed);
        Assert.Equal(5, reader.ReadInt64());
        Assert.True(reader.End);
        Assert.Same(MessagePackLimits.Default, reader.Limits);
        Assert.Equal(MessagePackErrorKind.Truncated, Fails(string.Empty, (ref MessagePackReader r) => r.PeekType()).Kind);
    }
}
