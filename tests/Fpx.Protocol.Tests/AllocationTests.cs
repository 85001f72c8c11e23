using System.Buffers;
using Fpx.Protocol.Rpc;

namespace Fpx.Protocol.Tests;

/// <summary>
/// Pins the per-request promise of STYLE.md ("Wire code"): the hot read and write paths allocate
/// nothing. Measured with the thread's allocation counter, after a warm-up so that JIT tiering
/// is not counted.
/// </summary>
public sealed class AllocationTests
{
    private static readonly byte[] Payload = Enumerable.Range(0, 64).Select(i => (byte)i).ToArray();

    [Fact]
    public void Hot_read_and_write_paths_allocate_nothing()
    {
        byte[] rented = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            var buffer = new FixedBufferWriter(rented);
            long checksum = 0;
            for (int i = 0; i < 200; i++)
            {
                checksum += RoundTrip(buffer);
            }

            // The least of three runs: a run once measured 7 904 bytes under a parallel test load,
            // tiered compilation catching up during it; an allocation per call shows in all three.
            long allocated = long.MaxValue;
            for (int run = 0; run < 3; run++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 10_000; i++)
                {
                    checksum += RoundTrip(buffer);
                }

                allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
            }

            Assert.Equal(0, allocated);
            Assert.NotEqual(0, checksum);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static long RoundTrip(FixedBufferWriter buffer)
    {
        buffer.Reset();
        var writer = new MessagePackWriter(buffer);
        RpcWriter.WriteResultHeader(ref writer, 42);
        writer.WriteArrayHeader(14);
        writer.Write(123_456_789L);
        writer.Write(-5L);
        writer.Write(ulong.MaxValue);
        writer.Write(1.5);
        writer.Write(0.25f);
        writer.WriteString("decide"u8);
        writer.WriteString("fp8 variant".AsSpan());
        writer.WriteBinary(Payload);
        writer.WriteTimestamp(new MessagePackTimestamp(1_700_000_000, 5));
        writer.WriteNil();
        writer.Write(true);
        writer.WriteMapHeader(1);
        writer.WriteString("k"u8);
        writer.Write(7L);
        writer.WriteExt(5, Payload.AsSpan(0, 4));
        writer.WriteArrayHeader(2);
        writer.Write(1L);
        writer.Write(2L);
        writer.Flush();

        var reader = new MessagePackReader(buffer.Written);
        long sum = reader.ReadArrayHeader();
        sum += reader.ReadInt64();
        sum += reader.ReadInt64();
        reader.TryReadNil();
        sum += reader.ReadArrayHeader();
        sum += reader.ReadInt64();
        sum += reader.ReadInt64();
        sum += (long)(reader.ReadUInt64() & 0xff);
        sum += (long)reader.ReadDouble();
        sum += (long)reader.ReadSingle();
        sum += reader.TryReadStringSpan(out ReadOnlySpan<byte> method) ? method.Length : 0;
        sum += reader.TryReadStringSpan(out ReadOnlySpan<byte> variant) ? variant.Length : 0;
        sum += reader.ReadBinary().Length;
        sum += reader.ReadTimestamp().Nanoseconds;
        sum += reader.TryReadNil() ? 1 : 0;
        sum += reader.ReadBoolean() ? 1 : 0;
        reader.Skip(); // the map
        reader.Skip(); // the ext
        sum += reader.ReadRaw().Length;
        return sum;
    }

    /// <summary>An IBufferWriter over one pooled array, reused for every message.</summary>
    private sealed class FixedBufferWriter(byte[] array) : IBufferWriter<byte>
    {
        private int _written;

        public ReadOnlyMemory<byte> Written => array.AsMemory(0, _written);

        public void Reset() => _written = 0;

        public void Advance(int count) => _written += count;

        public Memory<byte> GetMemory(int sizeHint = 0) => array.AsMemory(_written);

        public Span<byte> GetSpan(int sizeHint = 0) => array.AsSpan(_written);
    }
}
