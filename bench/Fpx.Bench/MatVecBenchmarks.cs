using BenchmarkDotNet.Attributes;
using Fpx.Engine.Kernels;
using Fpx.Engine.Quant;
using Fpx.Engine.Threading;

namespace Fpx.Bench;

/// <summary>
/// y = W x per format at weight sizes that sit in L1 (~24 KiB), L2 (~384 KiB), L3 (~12 MiB) and
/// DRAM (~192 MiB; this machine's L3 is 32 MiB). Rows x cols are chosen per format so the weight
/// bytes, not the element count, land in each level. The 1 GiB goals are measured with `fpx bench matvec`.
/// </summary>
[Config(typeof(BenchConfig))]
public class MatVecBenchmarks
{
    private QuantizedMatrix _w = null!;
    private float[] _x = null!;
    private float[] _y = null!;
    private ComputePool? _pool;

    [Params("f16", "fp8", "mxfp8", "mxfp4", "nvfp4")]
    public string Format { get; set; } = "f16";

    [Params("L1", "L2", "L3", "DRAM")]
    public string Level { get; set; } = "L1";

    [Params(1, 2)]
    public int Threads { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        WeightFormatInfo.TryParse(Format, out var format);
        long targetBytes = Level switch { "L1" => 24L << 10, "L2" => 384L << 10, "L3" => 12L << 20, _ => 192L << 20 };
        int cols = Level == "L1" ? 256 : 4096;
        double bytesPerWeight = WeightFormatInfo.Of(format).BitsPerWeight / 8;
        int rows = (int)Math.Max(4, targetBytes / (cols * bytesPerWeight));
        _w = BenchData.Matrix(format, rows, cols);
        _x = BenchData.Gaussian(cols, 2);
        _y = new float[rows];
        _pool = Threads > 1 ? new ComputePool(Threads) : null;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _w.Dispose();
        _pool?.Dispose();
    }

    [Benchmark]
    public void MatVec() => MatMul.Multiply(_w, _x, _y, 1, _pool);
}
