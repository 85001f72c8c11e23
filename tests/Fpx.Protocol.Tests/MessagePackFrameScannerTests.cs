using System.Buffers;
using System.IO.Pipelines;
using Fpx.Protocol.Tests.Support;

namespace Fpx.Protocol.Tests;

public sealed class MessagePackFrameScannerTests
{
    [Fact]
    public void Empty_buffer_needs_more_data()
    {
        FrameScanResult scan = MessagePackFrameScanner.TryScanValue(ReadOnlySequence<byte>.Empty);
        Assert.Equal(DecodeStatus.NeedMoreData, scan.Status);
        Assert.Equal(MessagePackErrorKind.Truncated, scan.ErrorKind);
        Assert.Throws<InvalidOperationException>(() => MessagePackFrameScanner.TryScanValue(new ReadOnlySequence<byte>(Hex.Bytes("01"))).ToException());
    }

    [Fact]
    public void Scans_only_the_first_of_several_values()
    {
        byte[] bytes = Hex.Bytes("92 01 a161 c3 cd0100");
        Assert.Equal(4, MessagePackFrameScanner.TryScanValue(new ReadOnlySequence<byte>(bytes)).Length);
        Assert.Equal(1, MessagePackFrameScanner.TryScanValue(new ReadOnlySequence<byte>(bytes.AsMemory(4))).Length);
    }

    [Fact]
    public void Need_more_data_points_at_the_incomplete_token()
    {
        FrameScanResult scan = MessagePackFrameScanner.TryScanValue(new ReadOnlySequence<byte>(Hex.Bytes("93 01 a3 6162")));
        Assert.Equal(DecodeStatus.NeedMoreData, scan.Status);
        Assert.Equal(2, scan.ErrorOffset);
        Assert.Contains("payload of 3 bytes", scan.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Scanning_allocates_nothing()
    {
        byte[] frame = MsgCodec.Encode(MsgValue.Arr(
            MsgValue.Int(0), MsgValue.Int(7), MsgValue.Str("decide"),
            MsgValue.Arr(MsgValue.Map((MsgValue.Str("budget_us"), MsgValue.Int(2500)), (MsgValue.Str("obs"), MsgValue.Bin(new byte[64]))))));
        var one = new ReadOnlySequence<byte>(frame);
        ReadOnlySequence<byte> split = Segments.Split(frame, 5, 17);
        MessagePackFrameScanner.TryScanValue(one);
        MessagePackFrameScanner.TryScanValue(split);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            MessagePackFrameScanner.TryScanValue(one);
            MessagePackFrameScanner.TryScanValue(split);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>The connection-loop pattern: a Pipe receives a stream in random chunks; frames are cut as they complete.</summary>
    [Fact]
    public async Task Cuts_frames_from_a_pipe_fed_in_random_chunks()
    {
        var random = new Random(12345);
        List<MsgValue> values = Corpus.All.Where(e => e.Bytes.Length < 5000).Select(e => e.Value).ToList();
        byte[] stream = MsgCodec.EncodeAll(values);
        var pipe = new Pipe(new PipeOptions(minimumSegmentSize: 16, pauseWriterThreshold: 0));

        Task writing = Task.Run(async () =>
        {
            for (int offset = 0; offset < stream.Length;)
            {
                int n = Math.Min(random.Next(1, 40), stream.Length - offset);
                await pipe.Writer.WriteAsync(stream.AsMemory(offset, n));
                offset += n;
            }

            await pipe.Writer.CompleteAsync();
        });

        var received = new List<MsgValue>();
        while (true)
        {
            ReadResult result = await pipe.Reader.ReadAsync();
            ReadOnlySequence<byte> buffer = result.Buffer;
            while (true)
            {
                FrameScanResult scan = MessagePackFrameScanner.TryScanValue(buffer);
                if (scan.Status != DecodeStatus.Success)
                {
                    Assert.Equal(DecodeStatus.NeedMoreData, scan.Status);
                    break;
                }

                received.Add(MsgCodec.Decode(buffer.Slice(0, scan.Length)));
                buffer = buffer.Slice(scan.Length);
            }

            pipe.Reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                Assert.True(buffer.IsEmpty);
                break;
            }
        }

        await writing;
        await pipe.Reader.CompleteAsync();
        Assert.Equal(values, received);
    }
}
