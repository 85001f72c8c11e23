using System.Diagnostics;
using Fpx.Engine.Kernels;
using Fpx.Engine.Quant;
using Fpx.Engine.Threading;

namespace Fpx.Host.Bench;

/// <summary>Times Y = W X for one format and shape: what `fpx bench matvec` prints.</summary>
internal static class MatVecBenchmark
{
    /// <summary>Above this many weights, a seed slab is quantized and its rows repeated (see QuantizedMatrix.RepeatRows).</summary>
    private const long DirectQuantizeLimit = 1L << 24;

    public sealed record Result(double MedianMicroseconds, double MinMicroseconds, int Samples, long WeightBytes)
    {
        public double GigabytesPerSecond => WeightBytes / (MedianMicroseconds * 1e-6) / 1e9;
    }

    /// <summary>Weights ~ N(0, 0.02), like an initialized transformer layer.</summary>
    public static QuantizedMatrix CreateMatrix(WeightFormat format, int rows, int cols, int seed = 1)
    {
        long count = (long)rows * cols;
        if (count <= DirectQuantizeLimit)
        {
            return QuantizedMatrix.Quantize(QuantizationErrorData(count, seed), rows, cols, format);
        }
        int seedRows = (int)Math.Clamp(DirectQuantizeLimit / 4 / cols, 1, rows);
        using var slab = QuantizedMatrix.Quantize(QuantizationErrorData((long)seedRows * cols, seed), seedRows, cols, format);
        return QuantizedMatrix.RepeatRows(slab, rows);
    }

    public static Result Run(QuantizedMatrix w, int threads, int batch, TimeSpan budget)
    {
        using var pool = threads > 1 ? new ComputePool(threads) : null;
        var x = QuantizationError.Gaussian(w.Cols * batch, 7);
        var y = new float[(long)w.Rows * batch];

        // Warm up: JIT tiers, buffers, caches. At least three calls or 0.3 s.
        var warm = Stopwatch.StartNew();
        for (int i = 0; i < 3 || warm.Elapsed < TimeSpan.FromMilliseconds(300); i++)
        {
            MatMul.Multiply(w, x, y, batch, pool);
        }

        // A sample is enough calls to last about 2 ms (one call for DRAM-sized matrices).
        double oneCall = TimeOne(w, x, y, batch, pool);
        int perSample = Math.Max(1, (int)(2000 / Math.Max(oneCall, 0.01)));
        var samples = new List<double>();
        var total = Stopwatch.StartNew();
        while (samples.Count < 7 || (total.Elapsed < budget && samples.Count < 10_000))
        {
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < perSample; i++)
            {
                MatMul.Multiply(w, x, y, batch, pool);
            }
            samples.Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds / perSample);
        }
        samples.Sort();
        return new Result(samples[samples.Count / 2], samples[0], samples.Count, w.PayloadBytes);
    }

    private static double TimeOne(QuantizedMatrix w, float[] x, float[] y, int batch, ComputePool? pool)
    {
        long t0 = Stopwatch.GetTimestamp();
        MatMul.Multiply(w, x, y, batch, pool);
        return Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
    }

    private static float[] QuantizationErrorData(long count, int seed)
    {
        var values = QuantizationError.Gaussian(checked((int)count), seed);
        System.Numerics.Tensors.TensorPrimitives.Multiply(values, 0.02f, values);
        return values;
    }
}
