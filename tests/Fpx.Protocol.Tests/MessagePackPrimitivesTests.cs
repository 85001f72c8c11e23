namespace Fpx.Protocol.Tests;

public sealed class MessagePackPrimitivesTests
{
    /// <summary>Header sizes from the spec's format table, written out independently of the production table.</summary>
    private static int ExpectedHeaderSize(int code) => code switch
    {
        <= 0xbf => 1,
        0xc0 or 0xc2 or 0xc3 => 1,
        0xc4 or 0xcc or 0xd0 or 0xd9 => 2,
        0xc5 or 0xcd or 0xd1 or 0xda or 0xdc or 0xde => 3,
        0xc6 or 0xca or 0xce or 0xd2 or 0xdb or 0xdd or 0xdf => 5,
        0xc7 => 3,
        0xc8 => 4,
        0xc9 => 6,
        0xcb or 0xcf or 0xd3 => 9,
        >= 0xd4 and <= 0xd8 => 2,
        >= 0xe0 => 1,
        _ => 0, // 0xc1
    };

    [Fact]
    public void Every_format_byte_decodes_with_its_header_size_and_needs_more_data_when_shorter()
    {
        for (int code = 0; code <= 0xff; code++)
        {
            var buffer = new byte[16];
            buffer[0] = (byte)code;
            int size = ExpectedHeaderSize(code);
            DecodeStatus status = MessagePackPrimitives.TryReadHeader(buffer, out MessagePackHeader header, out int consumed);
            if (code == 0xc1)
            {
                Assert.Equal(DecodeStatus.Malformed, status);
                Assert.Equal(0, consumed);
                continue;
            }

            Assert.Equal(DecodeStatus.Success, status);
            Assert.Equal(size, consumed);
            Assert.Equal(size, header.Size);
            Assert.Equal((byte)code, header.Code);
            for (int shorter = 0; shorter < size; shorter++)
            {
                Assert.Equal(DecodeStatus.NeedMoreData, MessagePackPrimitives.TryReadHeader(buffer.AsSpan(0, shorter), out _, out consumed));
                Assert.Equal(0, consumed);
            }
        }
    }

    [Fact]
    public void Empty_input_needs_more_data()
    {
        Assert.Equal(DecodeStatus.NeedMoreData, MessagePackPrimitives.TryReadHeader([], out _, out int consumed));
        Assert.Equal(0, consumed);
    }

    [Theory]
    [InlineData("00", MessagePackType.Integer)]
    [InlineData("7f", MessagePackType.Integer)]
    [InlineData("80", MessagePackType.Map)]
    [InlineData("8f", MessagePackType.Map)]
    [InlineData("90", MessagePackType.Array)]
    [InlineData("9f", MessagePackType.Array)]
    [InlineData("a0", MessagePackType.String)]
    [InlineData("bf", MessagePackType.String)]
    [InlineData("c0", MessagePackType.Nil)]
    [InlineData("c2", MessagePackType.Boolean)]
    [InlineData("c3", MessagePackType.Boolean)]
    [InlineData("c4", MessagePackType.Binary)]
    [InlineData("c7", MessagePackType.Extension)]
    [InlineData("ca", MessagePackType.Float)]
    [InlineData("cb", MessagePackType.Float)]
    [InlineData("cf", MessagePackType.Integer)]
    [InlineData("d3", MessagePackType.Integer)]
    [InlineData("d8", MessagePackType.Extension)]
    [InlineData("db", MessagePackType.String)]
    [InlineData("dd", MessagePackType.Array)]
    [InlineData("df", MessagePackType.Map)]
    [InlineData("e0", MessagePackType.Integer)]
    [InlineData("ff", MessagePackType.Integer)]
    public void Format_bytes_map_to_their_type(string hex, MessagePackType type)
    {
        var buffer = new byte[16];
        buffer[0] = Convert.FromHexString(hex)[0];
        MessagePackPrimitives.TryReadHeader(buffer, out MessagePackHeader header, out _);
        Assert.Equal(type, header.Type);
        Assert.Equal(type, new MessagePackReader(buffer).PeekType());
    }

    [Theory]
    [InlineData("ff", -1L, true)]
    [InlineData("e0", -32L, true)]
    [InlineData("d0ff", -1L, true)]
    [InlineData("d07f", 127L, false)]
    [InlineData("cf7fffffffffffffff", long.MaxValue, false)]
    public void Integer_headers_carry_sign_and_value(string hex, long value, bool negative)
    {
        MessagePackPrimitives.TryReadHeader(Convert.FromHexString(hex), out MessagePackHeader header, out _);
        Assert.Equal(negative, header.IsNegative);
        Assert.True(header.TryGetInt64(out long actual));
        Assert.Equal(value, actual);
        Assert.Equal(!negative, header.TryGetUInt64(out _));
    }

    [Fact]
    public void Uint64_above_int64_does_not_fit_int64()
    {
        MessagePackPrimitives.TryReadHeader(Convert.FromHexString("cfffffffffffffffff"), out MessagePackHeader header, out _);
        Assert.False(header.TryGetInt64(out _));
        Assert.True(header.TryGetUInt64(out ulong value));
        Assert.Equal(ulong.MaxValue, value);
    }

    [Theory]
    [InlineData("c70aff", 10u, -1)]
    [InlineData("c8010005", 256u, 5)]
    [InlineData("c90001000080", 65536u, -128)]
    [InlineData("d87f", 16u, 127)]
    public void Ext_headers_carry_length_and_type(string hex, uint length, int type)
    {
        MessagePackPrimitives.TryReadHeader(Convert.FromHexString(hex), out MessagePackHeader header, out int consumed);
        Assert.Equal(length, header.Length);
        Assert.Equal(type, header.ExtensionType);
        Assert.Equal(hex.Length / 2, consumed);
    }
}
