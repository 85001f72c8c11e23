using System.Diagnostics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Fpx.Engine.Memory;

namespace Fpx.Engine.Diagnostics;

/// <summary>
/// Measures the machine's memory read bandwidth: a buffer far larger than the last-level cache,
/// read with 256-bit loads into independent accumulators, one contiguous share per thread, median
/// of several passes. It is the yardstick that kernel throughput is reported against.
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
        long share = bytes / threads / 256 * 256;
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
        for (long i = 0; i < length; i += 128)
        {
            a0 = Avx2.Add(a0, Avx.LoadAlignedVector256((long*)(p + i)));
            a1 = Avx2.Add(a1, Avx.LoadAlignedVector256((long*)(p + i + 32)));
            a2 = Avx2.Add(a2, Avx.LoadAlignedVector256((long*)(p + i + 64)));
            a3 = Avx2.Add(a3, Avx.LoadAlignedVector256((long*)(p + i + 96)));
        }
        return Vector256.Sum(Avx2.Add(Avx2.Add(a0, a1), Avx2.Add(a2, a3)));
    }
}
