using Fpx.Engine.Kernels;
using Fpx.Engine.Quant;
using Fpx.Engine.Threading;

namespace Fpx.Engine.Tests.Threading;

public class ComputePoolTests
{
    [Theory]
    [InlineData(10, 4, 2)]
    [InlineData(301, 4, 3)]
    [InlineData(7, 4, 2)]
    [InlineData(1000, 1, 7)]
    public void Shares_cover_every_row_once_in_aligned_contiguous_pieces(int rows, int align, int parts)
    {
        int next = 0;
        for (int p = 0; p < parts; p++)
        {
            var (start, end) = ComputePool.Share(rows, align, parts, p);
            Assert.Equal(next, start);
            Assert.True(end >= start);
            Assert.True(start % align == 0 || start == rows);
            next = end;
        }
        Assert.Equal(rows, next);
    }

    [Fact]
    public void Workers_park_when_idle_and_wake_for_the_next_job()
    {
        using var pool = new ComputePool(2, spin: TimeSpan.FromMilliseconds(1));
        const int rows = 64, cols = 4096;
        using var w = QuantizedMatrix.Quantize(TestData.Gaussian(rows * cols, 1, 0.02), rows, cols, WeightFormat.F32);
        var x = TestData.Gaussian(cols, 2);
        var expected = new float[rows];
        var actual = new float[rows];
        MatMul.Multiply(w, x, expected);
        for (int i = 0; i < 5; i++)
        {
            Thread.Sleep(20); // far longer than the spin: the worker has parked
            Array.Clear(actual);
            MatMul.Multiply(w, x, actual, 1, pool);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Concurrent_callers_take_turns_and_each_gets_its_own_result()
    {
        using var pool = new ComputePool(2);
        const int rows = 128, cols = 1024;
        using var w = QuantizedMatrix.Quantize(TestData.Gaussian(rows * cols, 1, 0.02), rows, cols, WeightFormat.MxFp4);
        Parallel.For(0, 4, caller =>
        {
            var x = TestData.Gaussian(cols, 100 + caller);
            var expected = new float[rows];
            var actual = new float[rows];
            MatMul.Multiply(w, x, expected);
            for (int i = 0; i < 200; i++)
            {
                MatMul.Multiply(w, x, actual, 1, pool);
                Assert.Equal(expected, actual);
            }
        });
    }

    [Fact]
    public void A_failing_chunk_reaches_the_caller_and_the_pool_keeps_working()
    {
        using var pool = new ComputePool(2);
        var args = new MatMulArgs();
        int calls = 0;
        var e = Assert.Throws<InvalidOperationException>(() =>
            pool.Run((ref MatMulArgs a, int start, int end) =>
            {
                Interlocked.Increment(ref calls);
                if (start == 0)
                {
                    throw new InvalidOperationException("chunk failed");
                }
            }, ref args, rows: 64, rowAlign: 4, parts: 2));
        Assert.Equal("chunk failed", e.Message);
        Assert.Equal(8, calls); // every chunk still ran: 2 threads x 4 chunks

        int rows = 0;
        pool.Run((ref MatMulArgs a, int start, int end) => Interlocked.Add(ref rows, end - start), ref args, rows: 64, rowAlign: 4, parts: 2);
        Assert.Equal(64, rows);
    }
}
