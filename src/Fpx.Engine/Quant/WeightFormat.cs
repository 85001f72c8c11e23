namespace Fpx.Engine.Quant;

/// <summary>How a weight matrix is stored. Every format keeps rows contiguous (row-major).</summary>
public enum WeightFormat
{
    /// <summary>IEEE binary32, the reference (32 bits per weight).</summary>
    F32,

    /// <summary>IEEE binary16 (16 bits per weight).</summary>
    F16,

    /// <summary>bfloat16 (16 bits per weight).</summary>
    BF16,

    /// <summary>FP8 E4M3 elements with one FP32 scale per output row (8 bits + 32 per row).</summary>
    Fp8E4M3,

    /// <summary>FP8 E5M2 elements with one FP32 scale per output row (8 bits + 32 per row).</summary>
    Fp8E5M2,

    /// <summary>OCP MXFP8: E4M3 elements, an E8M0 scale per 32 (8.25 bits per weight).</summary>
    MxFp8,

    /// <summary>OCP MXFP4: E2M1 elements, an E8M0 scale per 32 (4.25 bits per weight).</summary>
    MxFp4,

    /// <summary>NVFP4: E2M1 elements, a UE4M3 scale per 16, one FP32 scale per tensor (4.5 bits per weight).</summary>
    NvFp4,
}

/// <summary>What a kernel wants its activations as.</summary>
public enum ActivationKind
{
    /// <summary>FP32 vectors, used as they are.</summary>
    Float32,

    /// <summary>int8 per block of 32 with an FP32 scale, for integer dot products (FP4 formats).</summary>
    Int8Blocks,
}

/// <summary>The traits of one <see cref="WeightFormat"/>, resolved once (the ggml type-traits idea).</summary>
/// <param name="Format">The format.</param>
/// <param name="Name">Command-line name.</param>
/// <param name="BlockSize">Elements that share one scale (1 for unscaled or per-row-scaled formats).</param>
/// <param name="CodeBits">Bits per element code.</param>
/// <param name="ScaleBitsPerBlock">Bits of block scale per block (0 when there is none).</param>
/// <param name="RowScale">True when each row carries one FP32 scale.</param>
/// <param name="Activations">The activation form its kernels take.</param>
public sealed record WeightFormatInfo(
    WeightFormat Format, string Name, int BlockSize, int CodeBits, int ScaleBitsPerBlock,
    bool RowScale, ActivationKind Activations)
{
    /// <summary>Nominal bits per weight: codes plus block scales (row and tensor scales excluded).</summary>
    public double BitsPerWeight => CodeBits + (double)ScaleBitsPerBlock / BlockSize;

    /// <summary>Blocks in a row of <paramref name="cols"/> elements (the last one may be partial).</summary>
    public int BlocksPerRow(int cols) => (cols + BlockSize - 1) / BlockSize;

    /// <summary>Bytes of element codes in one row; a partial last block is stored whole.</summary>
    public long CodeBytesPerRow(int cols) => ((long)BlocksPerRow(cols) * BlockSize * CodeBits + 7) / 8;

    private static readonly WeightFormatInfo[] Table =
    [
        new(WeightFormat.F32, "f32", 1, 32, 0, false, ActivationKind.Float32),
        new(WeightFormat.F16, "f16", 1, 16, 0, false, ActivationKind.Float32),
        new(WeightFormat.BF16, "bf16", 1, 16, 0, false, ActivationKind.Float32),
        new(WeightFormat.Fp8E4M3, "fp8", 1, 8, 0, true, ActivationKind.Float32),
        new(WeightFormat.Fp8E5M2, "fp8-e5m2", 1, 8, 0, true, ActivationKind.Float32),
        new(WeightFormat.MxFp8, "mxfp8", 32, 8, 8, false, ActivationKind.Float32),
        new(WeightFormat.MxFp4, "mxfp4", 32, 4, 8, false, ActivationKind.Int8Blocks),
        new(WeightFormat.NvFp4, "nvfp4", 16, 4, 8, false, ActivationKind.Int8Blocks),
    ];

    /// <summary>The traits of <paramref name="format"/>.</summary>
    public static WeightFormatInfo Of(WeightFormat format) => Table[(int)format];

    /// <summary>Every format, in enum order.</summary>
    public static IReadOnlyList<WeightFormatInfo> All => Table;

    /// <summary>Parses a command-line name such as <c>mxfp4</c>.</summary>
    public static bool TryParse(string name, out WeightFormat format)
    {
        foreach (var info in Table)
        {
            if (string.Equals(info.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                format = info.Format;
                return true;
            }
        }
        format = default;
        return false;
    }
}
