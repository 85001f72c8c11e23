using System.Buffers;
using Fpx.Protocol.Tests.Support;

namespace Fpx.Protocol.Tests;

/// <summary>Untrusted input: lying lengths, deep nesting, oversized frames.</summary>
public sealed class MessagePackLimitsTests
{
    private static readonly MessagePackLimits Unlimited = new()
    {
        MaxCollectionLength = int.MaxValue,
        MaxStringLength = int.MaxValue,
        MaxBinaryLength = int.MaxValue,
        MaxExtensionLength = int.MaxValue,
        MaxFrameSize = int.MaxValue,
    };

    [Fact]
    public void Defaults_are_safe()
    {
        MessagePackLimits limits = MessagePackLimits.Default;
        Assert.Equal(64, limits.MaxDepth);
        Assert.Equal(1 << 20, limits.MaxFrameSize);
        Assert.Equal(1 << 20, limits.MaxCollectionLength);
        Assert.Equal(1 << 20, limits.MaxStringLength);
        Assert.Equal(1 << 20, limits.MaxBinaryLength);
        Assert.Equal(1 << 20, limits.MaxExtensionLength);
    }

    [Fact]
    public void Out_of_range_options_throw_at_construction()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessagePackLimits { MaxDepth = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessagePackLimits { MaxDepth = MessagePackLimits.MaxDepthCeiling + 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessagePackLimits { MaxCollectionLength = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessagePackLimits { MaxStringLength = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessagePackLimits { MaxBinaryLength = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessagePackLimits { MaxExtensionLength = 15 });
        ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(() => new MessagePackLimits { MaxFrameSize = 8 });
        Assert.Equal("MaxFrameSize", e.ParamName);
    }

    public static TheoryData<string, MessagePackErrorKind> LyingHeaders => new()
    {
        { "ddffffffff", MessagePackErrorKind.CollectionTooLong }, // array 32 claiming 2^32-1 elements
        { "dfffffffff", MessagePackErrorKind.CollectionTooLong }, // map 32 claiming 2^32-1 pairs
        { "dbffffffff", MessagePackErrorKind.StringTooLong },
        { "c6ffffffff", MessagePackErrorKind.BinaryTooLong },
        { "c9ffffffff05", MessagePackErrorKind.ExtensionTooLong },
        { "dc ffff", MessagePackErrorKind.Truncated }, // within limits, but 65535 elements cannot fit in 0 bytes
    };

    [Theory]
    [MemberData(nameof(LyingHeaders))]
    public void Lying_lengths_fail_at_the_header_in_the_reader(string hex, MessagePackErrorKind kind)
    {
        byte[] bytes = Hex.Concat(Hex.Bytes(hex), Hex.Repeat(0, 16));
        MessagePackException e = Assert.Throws<MessagePackException>(() => MsgCodec.Decode(bytes));
        Assert.Equal(kind, e.Kind);
        Assert.Equal(0, e.Offset);
    }

    [Theory]
    [MemberData(nameof(LyingHeaders))]
    public void Lying_lengths_fail_at_the_header_in_the_scanner_without_allocating(string hex, MessagePackErrorKind kind)
    {
        var bytes = new ReadOnlySequence<byte>(Hex.Concat(Hex.Bytes(hex), Hex.Repeat(0, 16)));
        MessagePackFrameScanner.TryScanValue(bytes); // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        FrameScanResult scan = MessagePackFrameScanner.TryScanValue(bytes);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        if (kind == MessagePackErrorKind.Truncated)
        {
            Assert.Equal(DecodeStatus.NeedMoreData, scan.Status);
            return;
        }

        Assert.Equal(DecodeStatus.Malformed, scan.Status);
        Assert.Equal(kind, scan.ErrorKind);
        Assert.Equal(0, scan.ErrorOffset);
    }

    [Theory]
    [InlineData("dd7fffffff")]
    [InlineData("df7fffffff")]
    [InlineData("db7fffffff")]
    [InlineData("c67fffffff")]
    [InlineData("c97fffffff05")]
    public void Without_length_limits_the_frame_limit_still_fails_a_huge_claim_at_once(string hex)
    {
        var limits = new MessagePackLimits
        {
            MaxCollectionLength = int.MaxValue,
            MaxStringLength = int.MaxValue,
            MaxBinaryLength = int.MaxValue,
            MaxExtensionLength = int.MaxValue,
        };
        FrameScanResult scan = MessagePackFrameScanner.TryScanValue(new ReadOnlySequence<byte>(Hex.Bytes(hex)), limits);
        Assert.Equal(DecodeStatus.Malformed, scan.Status);
        Assert.Equal(MessagePackErrorKind.FrameTooLarge, scan.ErrorKind);
        Assert.Contains("frame limit of 1048576", scan.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dd7fffffff")]
    [InlineData("df7fffffff")]
    [InlineData("db7fffffff")]
    [InlineData("c67fffffff")]
    [InlineData("c97fffffff05")]
    public void Without_any_limit_the_reader_still_checks_the_claim_against_the_bytes_present(string hex)
    {
        MessagePackException e = Assert.Throws<MessagePackException>(() => MsgCodec.Decode(Hex.Bytes(hex), Unlimited));
        Assert.Equal(MessagePackErrorKind.Truncated, e.Kind);
        Assert.Contains("claims", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lengths_at_the_limit_pass_and_one_over_fails()
    {
        var limits = new MessagePackLimits { MaxStringLength = 3, MaxBinaryLength = 3, MaxCollectionLength = 3, MaxExtensionLength = 16 };
        Assert.Equal(MsgValue.Str("abc"), MsgCodec.Decode(Hex.Bytes("a3616263"), limits));
        Assert.Equal(MessagePackErrorKind.StringTooLong, Assert.Throws<MessagePackException>(() => MsgCodec.Decode(Hex.Bytes("a461626364"), limits)).Kind);
        Assert.Equal(MessagePackErrorKind.BinaryTooLong, Assert.Throws<MessagePackException>(() => MsgCodec.Decode(Hex.Bytes("c40400000000"), limits)).Kind);
        Assert.Equal(MessagePackErrorKind.CollectionTooLong, Assert.Throws<MessagePackException>(() => MsgCodec.Decode(Hex.Bytes("9401020304"), limits)).Kind);
        Assert.Equal(MessagePackErrorKind.CollectionTooLong, Assert.Throws<MessagePackException>(() => MsgCodec.Decode(Hex.Bytes("84 01c0 02c0 03c0 04c0"), limits)).Kind);
        Assert.Equal(3, MsgCodec.Decode(Hex.Bytes("93010203"), limits) is MsgArray a ? a.Items.Count : -1);
    }

    [Theory]
    [InlineData("91", 64, true)]
    [InlineData("91", 65, false)]
    [InlineData("81c0", 64, true)] // {nil: {nil: ...}}
    [InlineData("81c0", 65, false)]
    [InlineData("9101", 65, false)] // [1, [1, ...]]
    public void Nesting_beyond_max_depth_is_rejected(string levelHex, int depth, bool ok)
    {
        byte[] bytes = Hex.Concat(Enumerable.Repeat(Hex.Bytes(levelHex), depth - 1).Append(Hex.Bytes("90")).ToArray());
        if (levelHex == "9101")
        {
            // [1, [1, ... []]] has each level's array header at a different offset; only the scan matters here.
            bytes = Hex.Concat(Enumerable.Repeat(Hex.Bytes("92 01"), depth - 1).Append(Hex.Bytes("90")).ToArray());
        }

        FrameScanResult scan = MessagePackFrameScanner.TryScanValue(new ReadOnlySequence<byte>(bytes));
        var reader = new MessagePackReader(bytes);
        if (ok)
        {
            Assert.Equal(DecodeStatus.Success, scan.Status);
            reader.Skip();
            Assert.True(reader.End);
            return;
        }

        Assert.Equal(DecodeStatus.Malformed, scan.Status);
        Assert.Equal(MessagePackErrorKind.DepthExceeded, scan.ErrorKind);
        Assert.Contains("nesting depth 65 exceeds the limit of 64", scan.ErrorMessage, StringComparison.Ordinal);
        MessagePackException e = Assert.Throws<MessagePackException>(() =>
        {
            var r = new MessagePackReader(bytes);
            r.Skip();
        });
        Assert.Equal(MessagePackErrorKind.DepthExceeded, e.Kind);
        Assert.Equal(scan.ErrorOffset, e.Offset);
    }

    [Fact]
    public void A_hundred_thousand_nested_arrays_fail_fast_without_recursion()
    {
        byte[] bytes = Hex.Repeat(0x91, 100_000);
        FrameScanResult scan = MessagePackFrameScanner.TryScanValue(new ReadOnlySequence<byte>(bytes));
        Assert.Equal(MessagePackErrorKind.DepthExceeded, scan.ErrorKind);
        Assert.Equal(64, scan.ErrorOffset);
    }

    [Fact]
    public void Custom_depth_limit_including_one_above_the_stack_buffer()
    {
        var shallow = new MessagePackLimits { MaxDepth = 2 };
        Assert.Equal(DecodeStatus.Success, MessagePackFrameScanner.TryScanValue(new ReadOnlySequence<byte>(Hex.Bytes("9190")), shallow).Status);
        Assert.Equal(MessagePackErrorKind.DepthExceeded, MessagePackFrameScanner.TryScanValue(new ReadOnlySequence<byte>(Hex.Bytes("919190")), shallow).ErrorKind);

        var deep = new MessagePackLimits { MaxDepth = 1000 };
        byte[] ok = Hex.Concat(Hex.Repeat(0x91, 999), [0x90]);
        Assert.Equal(DecodeStatus.Success, MessagePackFrameScanner.TryScanValue(new ReadOnlySequence<byte>(ok), deep).Status);
        byte[] tooDeep = Hex.Concat(Hex.Repeat(0x91, 1000), [0x90]);
        Assert.Equal(MessagePackErrorKind.DepthExceeded, MessagePackFrameScanner.TryScanValue(new ReadOnlySequence<byte>(tooDeep), deep).ErrorKind);
    }

    [Fact]
    public void Frame_size_limit_counts_the_whole_value()
    {
        var limits = new MessagePackLimits { MaxFrameSize = 100 };
        byte[] fits = MsgCodec.Encode(MsgValue.Str(new string('a', 98))); // 2-byte header + 98
        byte[] over = MsgCodec.Encode(MsgValue.Str(new string('a', 99)));
        Assert.Equal(100, MessagePackFrameScanner.TryScanValue(new ReadOnlySequence<byte>(fits), limits).Length);
        FrameScanResult scan = MessagePackFrameScanner.TryScanValue(new ReadOnlySequence<byte>(over), limits);
        Assert.Equal(MessagePackErrorKind.FrameTooLarge, scan.ErrorKind);

        // 101 one-byte elements: the array header alone proves the frame too large.
        byte[] many = Hex.Concat(Hex.Bytes("dc0065"), Hex.Repeat(1, 101));
        scan = MessagePackFrameScanner.TryScanValue(new ReadOnlySequence<byte>(many.AsMemory(0, 3)), limits);
        Assert.Equal(MessagePackErrorKind.FrameTooLarge, scan.ErrorKind);
        Assert.Equal(0, scan.ErrorOffset);

        // Scalars count too: 12 uint64 values in an array are 3 + 108 bytes.
        byte[] wide = Hex.Concat(Hex.Bytes("9c"), Hex.Concat(Enumerable.Repeat(Hex.Bytes("cfffffffffffffffff"), 12).ToArray()));
        Assert.Equal(MessagePackErrorKind.FrameTooLarge, MessagePackFrameScanner.TryScanValue(new ReadOnlySequence<byte>(wide), limits).ErrorKind);
    }

    [Fact]
    public void Reserved_byte_inside_a_value_is_malformed_in_the_scanner()
    {
        FrameScanResult scan = MessagePackFrameScanner.TryScanValue(new ReadOnlySequence<byte>(Hex.Bytes("93 01 a161 c1")));
        Assert.Equal(DecodeStatus.Malformed, scan.Status);
        Assert.Equal(MessagePackErrorKind.ReservedCode, scan.ErrorKind);
        Assert.Equal(4, scan.ErrorOffset);
        Assert.Equal(MessagePackErrorKind.ReservedCode, scan.ToException().Kind);
    }
}
