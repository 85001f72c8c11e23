using System.Buffers;
using BenchmarkDotNet.Attributes;
using Fpx.Protocol;
using Fpx.Protocol.Rpc;

namespace Fpx.Bench;

/// <summary>
/// The per-request MessagePack path of the host: cut a frame, parse the RPC envelope, read the
/// params, write the response. Every case must show 0 B allocated (the test
/// AllocationTests.Hot_read_and_write_paths_allocate_nothing pins the same).
/// </summary>
[Config(typeof(BenchConfig))]
public class ProtocolBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private ReadOnlySequence<byte> _request;
    private ReadOnlySequence<byte> _ints;

    [GlobalSetup]
    public void Setup()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        RpcWriter.WriteRequestHeader(ref writer, 12345, "decide"u8, 4);
        writer.Write(2500L);
        writer.WriteString("trading"u8);
        writer.WriteArrayHeader(16);
        for (int i = 0; i < 16; i++)
        {
            writer.Write(i * 0.25f);
        }

        writer.WriteBinary(new byte[64]);
        writer.Flush();
        _request = new ReadOnlySequence<byte>(buffer.WrittenMemory.ToArray());

        buffer.ResetWrittenCount();
        writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(100);
        for (int i = 0; i < 100; i++)
        {
            writer.Write((long)i * i * i * 1000);
        }

        writer.Flush();
        _ints = new ReadOnlySequence<byte>(buffer.WrittenMemory.ToArray());
    }

    /// <summary>Frame cut + envelope parse + method dispatch + reading every param.</summary>
    [Benchmark]
    public float ScanParseAndReadRequest()
    {
        FrameScanResult scan = MessagePackFrameScanner.TryScanValue(_request);
        RpcMessage.TryParse(_request.Slice(0, scan.Length), null, out RpcMessage message, out _);
        if (!message.MethodEquals("decide"u8))
        {
            return -1;
        }

        MessagePackReader reader = message.CreateParamsReader();
        reader.ReadArrayHeader();
        float sum = reader.ReadInt64();
        reader.TryReadStringSpan(out ReadOnlySpan<byte> task);
        sum += task.Length;
        for (int i = reader.ReadArrayHeader(); i > 0; i--)
        {
            sum += reader.ReadSingle();
        }

        return sum + reader.ReadBinary().Length;
    }

    /// <summary>100 integers of mixed widths (ns/op / 100 = ns per ReadInt64).</summary>
    [Benchmark]
    public long Read100Int64()
    {
        var reader = new MessagePackReader(_ints);
        long sum = 0;
        for (int i = reader.ReadArrayHeader(); i > 0; i--)
        {
            sum += reader.ReadInt64();
        }

        return sum;
    }

    /// <summary>A decide-sized response: result header, a map of 6 fields, flushed.</summary>
    [Benchmark]
    public int WriteResponse()
    {
        _output.ResetWrittenCount();
        var writer = new MessagePackWriter(_output);
        RpcWriter.WriteResultHeader(ref writer, 12345);
        writer.WriteMapHeader(6);
        writer.WriteString("action"u8);
        writer.Write(3L);
        writer.WriteString("variant"u8);
        writer.WriteString("fpx-g0.30"u8);
        writer.WriteString("queue_us"u8);
        writer.Write(120L);
        writer.WriteString("compute_us"u8);
        writer.Write(1830L);
        writer.WriteString("met"u8);
        writer.Write(true);
        writer.WriteString("p"u8);
        writer.Write(0.8125f);
        writer.Flush();
        return _output.WrittenCount;
    }
}
