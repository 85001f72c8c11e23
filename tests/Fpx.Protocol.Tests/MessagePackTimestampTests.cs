using System.Buffers;
using Fpx.Protocol.Tests.Support;

namespace Fpx.Protocol.Tests;

/// <summary>Spec "Timestamp extension type".</summary>
public sealed class MessagePackTimestampTests
{
    [Theory]
    [InlineData(0L, 0u, "d6ff")] // timestamp 32
    [InlineData(4294967295L, 0u, "d6ff")]
    [InlineData(4294967296L, 0u, "d7ff")] // seconds need 33 bits: timestamp 64
    [InlineData(1L, 1u, "d7ff")] // any nanoseconds: timestamp 64
    [InlineData(17179869183L, 999999999u, "d7ff")] // 2^34-1 s
    [InlineData(17179869184L, 0u, "c70cff")] // 2^34 s: timestamp 96
    [InlineData(-1L, 0u, "c70cff")] // before the epoch: timestamp 96
    [InlineData(long.MinValue, 0u, "c70cff")]
    public void Writer_picks_the_smallest_layout(long seconds, uint nanoseconds, string prefix)
    {
        byte[] bytes = MsgCodec.Encode(MsgValue.Ts(seconds, nanoseconds));
        Assert.StartsWith(prefix, Hex.Of(bytes), StringComparison.Ordinal);
        var reader = new MessagePackReader(bytes);
        Assert.Equal(new MessagePackTimestamp(seconds, nanoseconds), reader.ReadTimestamp());
    }

    [Theory]
    [InlineData("d7ff" + "ee6b2800" + "00000000", "timestamp 64 with nanoseconds = 1e9")] // 1e9 << 34 = 0xEE6B2800_00000000
    [InlineData("d7ff" + "ffffffff" + "fffffffc", "timestamp 64 with nanoseconds = 2^30-1")]
    [InlineData("c70cff" + "3b9aca00" + "0000000000000000", "timestamp 96 with nanoseconds = 1e9")]
    [InlineData("c70cff" + "ffffffff" + "0000000000000000", "timestamp 96 with nanoseconds = 2^32-1")]
    [InlineData("c705ff" + "0000000000", "timestamp payload of 5 bytes")]
    [InlineData("d5ff" + "0000", "timestamp payload of 2 bytes")]
    [InlineData("d8ff" + "00000000000000000000000000000000", "timestamp payload of 16 bytes")]
    public void Reader_rejects_invalid_timestamps(string hex, string why)
    {
        MessagePackException e = Assert.Throws<MessagePackException>(() =>
        {
            var reader = new MessagePackReader(Hex.Bytes(hex));
            reader.ReadTimestamp();
        });
        Assert.True(e.Kind == MessagePackErrorKind.InvalidTimestamp, why);
        Assert.Equal(0, e.Offset);
    }

    [Fact]
    public void Timestamp_across_segments()
    {
        byte[] bytes = MsgCodec.Encode(MsgValue.Ts(-5, 123456789));
        for (int cut = 0; cut <= bytes.Length; cut++)
        {
            var reader = new MessagePackReader(Segments.Split(bytes, cut));
            Assert.Equal(new MessagePackTimestamp(-5, 123456789), reader.ReadTimestamp());
        }
    }

    [Fact]
    public void Constructor_rejects_nanoseconds_of_a_second_or_more()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessagePackTimestamp(0, 1_000_000_000));
    }

    [Fact]
    public void DateTime_conversions_keep_100ns_ticks_and_handle_times_before_the_epoch()
    {
        Assert.Equal(new MessagePackTimestamp(0, 0), MessagePackTimestamp.FromDateTime(DateTime.UnixEpoch));
        DateTime before = DateTime.UnixEpoch.AddTicks(-1);
        Assert.Equal(new MessagePackTimestamp(-1, 999_999_900), MessagePackTimestamp.FromDateTime(before));
        Assert.Equal(before, MessagePackTimestamp.FromDateTime(before).ToDateTime());

        foreach (DateTime value in new[] { DateTime.MinValue, DateTime.MaxValue, new DateTime(2024, 2, 29, 12, 34, 56, DateTimeKind.Utc).AddTicks(1234567) })
        {
            DateTime utc = DateTime.SpecifyKind(value, DateTimeKind.Utc);
            Assert.Equal(utc, MessagePackTimestamp.FromDateTime(utc).ToDateTime());
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => new MessagePackTimestamp(long.MaxValue, 0).ToDateTime());
        Assert.Equal("-1.999999900", MessagePackTimestamp.FromDateTime(before).ToString());
    }

    [Fact]
    public void Writer_takes_DateTime()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteTimestamp(new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));
        writer.Flush();
        var reader = new MessagePackReader(buffer.WrittenMemory);
        Assert.Equal(new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc), reader.ReadTimestamp().ToDateTime());
    }
}
