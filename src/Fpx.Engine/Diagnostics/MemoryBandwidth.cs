using System.Diagnostics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Fpx.Engine.Memory;

namespace Fpx.Engine.Diagnostics;

/// <summary>
/// Measures the machine's memory read bandwidth: a buffer far larger than the last-level cache,
/// read with 256-bit loads, one contiguous share per thread read four neighbouring rows at a time,
/// median of several passes. It is the yardstick that kernel throughput is reported against.
/// </summary>
public static unsafe class MemoryBandwidth
{
    /// <summary>Default buffer: 4 GiB, more than a hundred times a 32 MiB L3.</summary>
    public const long DefaultBytes = 4L << 30;

    /// <summary>Reads <paramref name="bytes"/> with <paramref name="threads"/> threads, <paramref name="passes"/> times; returns the median in GB/s (10^9 bytes per second).</summary>
    public static double Measure(int threads, long bytes = DefaultBytes, int passes = 5)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1L << 20);
        using var buffer = new NativeBuffer(bytes);
        // Touch every page (NativeBuffer zeroes it) so the passes measure reads, not page faults.
        byte* basePtr = buffer.Pointer;
        long share = bytes / threads / (RowsTogether * RowBytes) * (RowsTogether * RowBytes);
        var rates = new List<double>();
        using var start = new Barrier(threads + 1);
        using var done = new Barrier(threads + 1);
        double sink = 0;
        int pass = 0;
        var workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            int index = t;
            workers[t] = new Thread(() =>
            {
                while (true)
                {
                    start.SignalAndWait();
                    if (Volatile.Read(ref pass) < 0)
                    {
                        return;
                    }
                    double s = ReadSum(basePtr + index * share, share);
                    Interlocked.Exchange(ref sink, s);
                    done.SignalAndWait();
                }
            }) { IsBackground = true };
            workers[t].Start();
        }
        for (int p = 0; p <= passes; p++)
        {
            long t0 = Stopwatch.GetTimestamp();
            start.SignalAndWait();
            done.SignalAndWait();
            double seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            if (p > 0)
            {
                rates.Add(share * threads / seconds / 1e9); // pass 0 warms up
            }
        }
        Volatile.Write(ref pass, -1);
        start.SignalAndWait();
        foreach (var worker in workers)
        {
            worker.Join();
        }
        GC.KeepAlive(sink);
        rates.Sort();
        return rates[rates.Count / 2];
    }

    /// <summary>Rows read together, and their size: the access pattern of the 4-row matrix kernels.</summary>
    internal const int RowsTogether = 4;
    internal const long RowBytes = 32 * 1024;

    /// <summary>
    /// Reads [p, p + length) in groups of <see cref="RowsTogether"/> neighbouring 32 KiB rows,
    /// 64 bytes of each in turn: the pattern of the 4-row kernels, and the fastest of those tried
    /// here (one sequential stream: 14.7 GB/s; 4 or 8 streams far apart: 11 and 8.6; 4 neighbouring
    /// rows: 17.1, on one thread with the machine equally loaded). The bandwidth a kernel is held
    /// to is the best the machine gives, not a pattern the kernel could beat.
    /// </summary>
    private static double ReadSum(byte* p, long length)
    {
        if (!Avx2.IsSupported)
        {
            long sum = 0;
            for (long i = 0; i < length; i += 8)
            {
                sum += *(long*)(p + i);
            }
            return sum;
        }
        var a0 = Vector256<long>.Zero;
        var a1 = Vector256<long>.Zero;
        var a2 = Vector256<long>.Zero;
        var a3 = Vector256<long>.Zero;
        const long group = RowsTogether * RowBytes;
        for (long g = 0; g + group <= length; g += group)
        {
            for (long i = 0; i < RowBytes; i += 64)
            {
                byte* q = p + g + i;
                a0 = Avx2.Add(a0, Avx.LoadAlignedVector256((long*)q));
                a1 = Avx2.Add(a1, Avx.LoadAlignedVector256((long*)(q + RowBytes)));
                a2 = Avx2.Add(a2, Avx.LoadAlignedVector256((long*)(q + 2 * RowBytes)));
                a3 = Avx2.Add(a3, Avx.LoadAlignedVector256((long*)(q + 3 * RowBytes)));
                a0 = Avx2.Add(a0, Avx.LoadAlignedVector256((long*)(q + 32)));
                a1 = Avx2.Add(a1, Avx.LoadAlignedVector256((long*)(q + RowBytes + 32)));
                a2 = Avx2.Add(a2, Avx.LoadAlignedVector256((long*)(q + 2 * RowBytes + 32)));
                a3 = Avx2.Add(a3, Avx.LoadAlignedVector256((long*)(q + 3 * RowBytes + 32)));
            }
        }
        return Vector256.Sum(Avx2.Add(Avx2.Add(a0, a1), Avx2.Add(a2, a3)));
    }
}
