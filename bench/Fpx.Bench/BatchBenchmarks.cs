using BenchmarkDotNet.Attributes;
using Fpx.Engine.Kernels;
using Fpx.Engine.Quant;

namespace Fpx.Bench;

/// <summary>Y = W X for batches of 1..16 vectors at an L2/L3-sized 1024x1024 layer, one thread.</summary>
[Config(typeof(BenchConfig))]
public class BatchBenchmarks
{
    private QuantizedMatrix _w = null!;
    private float[] _x = null!;
    private float[] _y = null!;

    [Params("f16", "fp8", "mxfp4")]
    public string Format { get; set; } = "f16";

    [Params(1, 4, 16)]
    public int Batch { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        WeightFormatInfo.TryParse(Format, out var format);
        _w = BenchData.Matrix(format, 1024, 1024);
        _x = BenchData.Gaussian(1024 * Batch, 2);
        _y = new float[1024 * Batch];
    }

    [GlobalCleanup]
    public void Cleanup() => _w.Dispose();

    [Benchmark]
    public void MatMulBatch() => MatMul.Multiply(_w, _x, _y, Batch);
}
