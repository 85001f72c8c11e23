using Fpx.Engine.Kernels;
using Fpx.Engine.Quant;
using Fpx.Engine.Threading;

namespace Fpx.Engine.Tests.Kernels;

public class MatMulTests
{
    /// <summary>Widths around every vector, block and group size the kernels step by (8, 16, 32, 64, 256).</summary>
    private static readonly int[] Columns = [1, 7, 8, 9, 16, 31, 32, 33, 48, 63, 64, 65, 96, 127, 128, 200, 255, 256, 257, 320, 511, 512, 576, 1000];

    private static readonly int[] Batches = [1, 2, 3, 4, 5, 7, 8, 16];

    public static TheoryData<WeightFormat, KernelIsa> FormatsAndPaths()
    {
        var data = new TheoryData<WeightFormat, KernelIsa>();
        foreach (var format in Enum.GetValues<WeightFormat>())
        {
            foreach (var isa in KernelSelection.Supported)
            {
                data.Add(format, isa);
            }
        }
        return data;
    }

    [Fact]
    public void This_machine_tests_the_SIMD_path_and_not_only_the_scalar_one()
    {
        // If this fails the CPU lacks AVX2/FMA and every SIMD comparison below silently covers nothing.
        Assert.Contains(KernelIsa.Avx2, KernelSelection.Supported);
        Assert.Contains(KernelIsa.Scalar, KernelSelection.Supported);
    }

    [Theory]
    [MemberData(nameof(FormatsAndPaths))]
    public void Matches_the_exact_product_of_the_dequantized_weights(WeightFormat format, KernelIsa isa)
    {
        int seed = 0;
        foreach (int cols in Columns)
        {
            foreach (int rows in new[] { 1, 5, 12 })
            {
                int batch = Batches[seed % Batches.Length];
                Check(format, isa, rows, cols, batch, seed++);
            }
        }
    }

    [Theory]
    [MemberData(nameof(FormatsAndPaths))]
    public void Every_batch_size_from_1_to_16_gives_each_vector_its_own_product(WeightFormat format, KernelIsa isa)
    {
        for (int batch = 1; batch <= 16; batch++)
        {
            Check(format, isa, rows: 9, cols: 320, batch, seed: 100 + batch);
        }
    }

    [Theory]
    [InlineData(WeightFormat.F16)]
    [InlineData(WeightFormat.Fp8E4M3)]
    [InlineData(WeightFormat.MxFp4)]
    [InlineData(WeightFormat.NvFp4)]
    public void Splitting_rows_over_threads_gives_bit_identical_results(WeightFormat format)
    {
        const int rows = 301, cols = 512, batch = 3;
        using var w = QuantizedMatrix.Quantize(TestData.Gaussian(rows * cols, 11, 0.02), rows, cols, format);
        var x = TestData.Gaussian(cols * batch, 12);
        var single = new float[rows * batch];
        var split = new float[rows * batch];
        using var pool = new ComputePool(3);
        MatMul.Multiply(w, x, single, batch, pool: null);
        for (int repeat = 0; repeat < 50; repeat++)
        {
            Array.Clear(split);
            MatMul.Multiply(w, x, split, batch, pool);
            Assert.Equal(single, split);
        }
    }

    [Fact]
    public void Int8_activations_agree_exactly_between_scalar_and_AVX2_quantizers()
    {
        var q8a = new Q8Activations();
        var q8b = new Q8Activations();
        foreach (int cols in new[] { 32, 64, 96, 4096 })
        {
            var x = TestData.StudentT(cols, cols);
            x[3] = 0.5f * x[3]; // nothing special; keeps ties unlikely but possible
            q8a.Prepare(cols, 1);
            q8b.Prepare(cols, 1);
            q8a.QuantizeScalar(x, 0);
            Avx2Q8Quantizer.Quantize(q8b, x, 0);
            unsafe
            {
                for (int i = 0; i < q8a.VectorValueStride; i++)
                {
                    Assert.Equal(q8a.Values[i], q8b.Values[i]);
                }
                for (int b = 0; b < q8a.Blocks; b++)
                {
                    Assert.Equal(q8a.Scales[b], q8b.Scales[b]);
                    Assert.Equal(q8a.HalfSums[2 * b], q8b.HalfSums[2 * b]);
                    Assert.Equal(q8a.HalfSums[2 * b + 1], q8b.HalfSums[2 * b + 1]);
                }
            }
        }
    }

    [Fact]
    public void Steady_state_calls_allocate_nothing()
    {
        const int rows = 256, cols = 512;
        using var pool = new ComputePool(2);
        foreach (var format in Enum.GetValues<WeightFormat>())
        {
            using var w = QuantizedMatrix.Quantize(TestData.Gaussian(rows * cols, 3, 0.02), rows, cols, format);
            var x = TestData.Gaussian(cols * 4, 4);
            var y = new float[rows * 4];
            MatMul.Multiply(w, x, y, 4, pool); // warm up: buffers grow on first use
            MatMul.Multiply(w, x, y, 1, pool);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 20; i++)
            {
                MatMul.Multiply(w, x, y, 4, pool);
                MatMul.Multiply(w, x, y, 1, pool);
            }
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        using var w = QuantizedMatrix.Quantize(new float[4 * 8], 4, 8, WeightFormat.F16);
        Assert.Throws<ArgumentException>(() => MatMul.Multiply(w, new float[7], new float[4]));
        Assert.Throws<ArgumentException>(() => MatMul.Multiply(w, new float[8], new float[3]));
        Assert.Throws<ArgumentException>(() => MatMul.Multiply(w, new float[8], new float[4], batch: 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => MatMul.Multiply(w, new float[8], new float[4], batch: 0));
    }

    private static void Check(WeightFormat format, KernelIsa isa, int rows, int cols, int batch, int seed)
    {
        // Heavy-tailed activations with some tiny ones: the prescaled F16/FP8 paths must not lose them.
        var weights = seed % 2 == 0 ? TestData.Gaussian(rows * cols, seed, 0.02) : TestData.StudentT(rows * cols, seed, 3, 0.02);
        var x = TestData.StudentT(cols * batch, seed + 1000);
        for (int i = 0; i < x.Length; i += 7)
        {
            x[i] *= 1e-6f;
        }
        using var w = QuantizedMatrix.Quantize(weights, rows, cols, format);
        var y = new float[rows * batch];
        MatMul.Multiply(w, x, y, batch, pool: null, isa);

        var row = new float[cols];
        bool int8 = w.Info.Activations == ActivationKind.Int8Blocks;
        for (int r = 0; r < rows; r++)
        {
            w.DequantizeRow(r, row);
            for (int b = 0; b < batch; b++)
            {
                double exact = 0, magnitude = 0, int8Bound = 0;
                for (int c = 0; c < cols; c++)
                {
                    double term = (double)row[c] * x[b * cols + c];
                    exact += term;
                    magnitude += Math.Abs(term);
                }
                if (int8)
                {
                    int8Bound = Int8Bound(row, x.AsSpan(b * cols, cols)) * Tolerances.Int8ActivationSlack;
                    // The FP4 kernels' intermediate terms include the +12 table offset: bound their size too.
                    magnitude = 4 * (magnitude + int8Bound) + OffsetMagnitude(w, r, x.AsSpan(b * cols, cols));
                }
                double tolerance = Tolerances.Summation(cols, magnitude) + int8Bound;
                double actual = y[b * rows + r];
                Assert.True(Math.Abs(actual - exact) <= tolerance,
                    $"{format}/{isa} {rows}x{cols} batch {batch} row {r} vector {b}: got {actual}, exact {exact}, |diff| {Math.Abs(actual - exact):g3} > {tolerance:g3}");
            }
        }
    }

    /// <summary>Σ|w_i| · d_b / 2 over blocks of 32: how far int8 activation rounding can move the product.</summary>
    private static double Int8Bound(ReadOnlySpan<float> w, ReadOnlySpan<float> x)
    {
        double bound = 0;
        for (int start = 0; start < x.Length; start += 32)
        {
            int n = Math.Min(32, x.Length - start);
            double amax = 0, weight = 0;
            for (int i = 0; i < n; i++)
            {
                amax = Math.Max(amax, Math.Abs(x[start + i]));
                weight += Math.Abs(w[start + i]);
            }
            bound += weight * amax / 127 / 2;
        }
        return bound;
    }

    /// <summary>Σ over blocks of weight scale x activation amax x 12 x 32: the size of the offset terms that cancel.</summary>
    private static double OffsetMagnitude(QuantizedMatrix w, int row, ReadOnlySpan<float> x)
    {
        var copy = new float[w.Cols];
        w.DequantizeRow(row, copy);
        double total = 0;
        for (int start = 0; start < x.Length; start += 32)
        {
            int n = Math.Min(32, x.Length - start);
            double amax = 0, wmax = 0;
            for (int i = 0; i < n; i++)
            {
                amax = Math.Max(amax, Math.Abs(x[start + i]));
                wmax = Math.Max(wmax, Math.Abs(copy[start + i]));
            }
            // Block scale ≥ wmax / 6 ... ≤ wmax / 3 for E2M1; 12 x (scale / 2) x 127 x (amax / 127) per element.
            total += 32 * 12 * (wmax / 2) * amax;
        }
        return total;
    }
}
