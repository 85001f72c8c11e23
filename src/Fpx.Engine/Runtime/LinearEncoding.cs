using Fpx.Engine.Quant;

namespace Fpx.Engine.Runtime;

/// <summary>
/// The encodings a linear layer is held in. A variant picks one per layer; the weight pool holds
/// each layer once per encoding that some loaded variant uses.
/// </summary>
public enum LinearEncoding
{
    /// <summary>The checkpoint's weights widened to FP32: the reference.</summary>
    F32,

    /// <summary>IEEE binary16.</summary>
    F16,

    /// <summary>FP8 E4M3 with one FP32 scale per output row.</summary>
    Fp8,

    /// <summary>4-bit E2M1 with block scales: MXFP4 (default) or NVFP4, chosen at load.</summary>
    Fp4,
}

/// <summary>Maps encodings to weight formats.</summary>
public static class LinearEncodings
{
    /// <summary>The storage format of <paramref name="encoding"/>, given the model's FP4 format.</summary>
    public static WeightFormat Format(this LinearEncoding encoding, WeightFormat fp4Format) => encoding switch
    {
        LinearEncoding.F32 => WeightFormat.F32,
        LinearEncoding.F16 => WeightFormat.F16,
        LinearEncoding.Fp8 => WeightFormat.Fp8E4M3,
        LinearEncoding.Fp4 => fp4Format,
        _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
    };

    /// <summary>Lower-case name as variants use it: f32, fp16, fp8, fp4.</summary>
    public static string Name(this LinearEncoding encoding) => encoding switch
    {
        LinearEncoding.F32 => "f32",
        LinearEncoding.F16 => "fp16",
        LinearEncoding.Fp8 => "fp8",
        LinearEncoding.Fp4 => "fp4",
        _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
    };
}
