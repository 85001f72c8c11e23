using System.Buffers;
using Fpx.Protocol.Tests.Support;

namespace Fpx.Protocol.Tests;

/// <summary>
/// Every corpus encoding: the writer produces it (when it is the smallest), the reader decodes it
/// from one segment, from two segments split at every byte boundary, from one-byte segments, and
/// reports truncation (never anything else) when bytes are missing.
/// </summary>
public sealed class CorpusTests
{
    [Theory]
    [MemberData(nameof(Corpus.CanonicalNames), MemberType = typeof(Corpus))]
    public void Writer_produces_the_smallest_encoding(string name)
    {
        CorpusEntry entry = Corpus.ByName[name];
        Assert.Equal(Hex.Of(entry.Bytes), Hex.Of(MsgCodec.Encode(entry.Value)));
    }

    [Theory]
    [MemberData(nameof(Corpus.CanonicalNames), MemberType = typeof(Corpus))]
    public void Writer_output_is_the_same_through_a_buffer_writer_that_hands_out_tiny_spans(string name)
    {
        CorpusEntry entry = Corpus.ByName[name];
        var tiny = new TinyBufferWriter();
        var writer = new MessagePackWriter(tiny);
        MsgCodec.Write(ref writer, entry.Value);
        writer.Flush();
        Assert.Equal(Hex.Of(entry.Bytes), Hex.Of(tiny.ToArray()));
    }

    [Theory]
    [MemberData(nameof(Corpus.Names), MemberType = typeof(Corpus))]
    public void Reader_decodes_one_segment(string name)
    {
        CorpusEntry entry = Corpus.ByName[name];
        Assert.Equal(entry.Value, MsgCodec.Decode(entry.Bytes));
        FrameScanResult scan = MessagePackFrameScanner.TryScanValue(new ReadOnlySequence<byte>(entry.Bytes));
        Assert.Equal(DecodeStatus.Success, scan.Status);
        Assert.Equal(entry.Bytes.Length, scan.Length);
    }

    [Theory]
    [MemberData(nameof(Corpus.Names), MemberType = typeof(Corpus))]
    public void Reader_decodes_two_segments_split_at_every_boundary(string name)
    {
        CorpusEntry entry = Corpus.ByName[name];
        foreach (int cut in Cuts(entry.Bytes.Length))
        {
            ReadOnlySequence<byte> split = Segments.Split(entry.Bytes, cut);
            MsgValue decoded = MsgCodec.Decode(split);
            Assert.True(entry.Value.Equals(decoded), $"split at {cut}: got {decoded}");

            FrameScanResult scan = MessagePackFrameScanner.TryScanValue(split);
            Assert.True(scan.Status == DecodeStatus.Success && scan.Length == entry.Bytes.Length, $"scan split at {cut}: {scan.Status} {scan.Length}");

            var skipper = new MessagePackReader(split);
            skipper.Skip();
            Assert.True(skipper.End, $"Skip split at {cut}");
        }
    }

    [Theory]
    [MemberData(nameof(Corpus.Names), MemberType = typeof(Corpus))]
    public void Reader_decodes_one_byte_segments(string name)
    {
        CorpusEntry entry = Corpus.ByName[name];
        ReadOnlySequence<byte> bytes = Segments.OneBytePerSegment(entry.Bytes);
        Assert.Equal(entry.Value, MsgCodec.Decode(bytes));
        Assert.Equal(entry.Bytes.Length, MessagePackFrameScanner.TryScanValue(bytes).Length);
    }

    [Theory]
    [MemberData(nameof(Corpus.Names), MemberType = typeof(Corpus))]
    public void Truncated_input_reports_need_more_data_or_truncation(string name)
    {
        CorpusEntry entry = Corpus.ByName[name];
        IEnumerable<int> lengths = entry.Bytes.Length <= 300
            ? Enumerable.Range(0, entry.Bytes.Length)
            : [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, entry.Bytes.Length / 2, entry.Bytes.Length - 2, entry.Bytes.Length - 1];
        foreach (int length in lengths)
        {
            byte[] prefix = entry.Bytes[..length];
            AssertTruncated(new ReadOnlySequence<byte>(prefix), length);
            AssertTruncated(Segments.OneBytePerSegment(prefix), length);
            if (length > 1)
            {
                AssertTruncated(Segments.Split(prefix, length / 2), length);
            }
        }
    }

    private static void AssertTruncated(ReadOnlySequence<byte> prefix, int length)
    {
        FrameScanResult scan = MessagePackFrameScanner.TryScanValue(prefix);
        Assert.True(scan.Status == DecodeStatus.NeedMoreData, $"prefix of {length} bytes: scanner said {scan.Status} ({scan.ErrorMessage})");
        Assert.InRange(scan.ErrorOffset, 0, Math.Max(0, length));

        MessagePackException e = Assert.Throws<MessagePackException>(() => MsgCodec.Decode(prefix));
        Assert.True(e.Kind == MessagePackErrorKind.Truncated, $"prefix of {length} bytes: {e.Kind}: {e.Message}");
        Assert.InRange(e.Offset, 0, length);

        e = Assert.Throws<MessagePackException>(() =>
        {
            var reader = new MessagePackReader(prefix);
            reader.Skip();
        });
        Assert.Equal(MessagePackErrorKind.Truncated, e.Kind);
    }

    /// <summary>
    /// Every boundary for encodings up to 1 KiB. For the 64 KiB ones (whose payload bytes all take
    /// the same path) every boundary in the first and last 24 bytes and one every 4099 between,
    /// which keeps the test to seconds instead of hours.
    /// </summary>
    internal static IEnumerable<int> Cuts(int length) =>
        length <= 1024
            ? Enumerable.Range(0, length + 1)
            : Enumerable.Range(0, 25).Concat(Enumerable.Range(length - 24, 25)).Concat(Enumerable.Range(1, length / 4099).Select(i => i * 4099)).Distinct();
}
