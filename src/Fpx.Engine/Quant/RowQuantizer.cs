using System.Runtime.CompilerServices;
using Fpx.Engine.Formats;

namespace Fpx.Engine.Quant;

/// <summary>
/// Reference quantization of one row into each weight format. Elements past the row's end in a
/// partial last block quantize as zeros. Callers have checked that every weight is finite.
/// </summary>
internal static class RowQuantizer
{
    /// <summary>Largest element exponent of E2M1 (6 = 1.5 x 2^2) and E4M3 (448 = 1.75 x 2^8): OCP MX v1.0 §6.3's emax_elem.</summary>
    internal const int E2M1MaxExponent = 2;
    internal const int E4M3MaxExponent = 8;

    /// <summary>FP32 scale multipliers tried by <see cref="ScaleRule.Search"/> for per-row FP8; 1 first so ties keep the rule.</summary>
    private static readonly float[] RowScaleCandidates = [1f, 0.875f, 0.9375f, 1.0625f, 1.125f];

    /// <summary>Offsets around the rule's E8M0 exponent tried by the search (rule first).</summary>
    private static readonly int[] MxExponentCandidates = [0, 1, -1];

    /// <summary>Offsets around the rule's UE4M3 code tried by the search (rule first).</summary>
    private static readonly int[] NvCodeCandidates = [0, 1, -1, 2, -2, 3, -3];

    public static void F16(ReadOnlySpan<float> row, Span<ushort> codes)
    {
        for (int i = 0; i < row.Length; i++)
        {
            codes[i] = (ushort)ElementCodecs.F16.Encode(row[i]);
        }
    }

    public static void BF16(ReadOnlySpan<float> row, Span<ushort> codes)
    {
        for (int i = 0; i < row.Length; i++)
        {
            codes[i] = (ushort)ElementCodecs.BF16.Encode(row[i]);
        }
    }

    /// <summary>FP8 elements with one FP32 scale for the row; returns the scale.</summary>
    public static float Fp8Row(ReadOnlySpan<float> row, Span<byte> codes, MiniFloatEncoder encoder, float[] table, ScaleRule rule)
    {
        float amax = MaxAbs(row);
        float ruleScale = amax == 0 ? 1f : amax / (float)encoder.Format.MaxFinite;
        int candidates = rule == ScaleRule.Search && amax != 0 ? RowScaleCandidates.Length : 1;

        float bestScale = ruleScale;
        double bestError = double.PositiveInfinity;
        for (int c = 0; c < candidates; c++)
        {
            float scale = ruleScale * RowScaleCandidates[c];
            double error = 0;
            for (int i = 0; i < row.Length && error < bestError; i++)
            {
                double d = row[i] - table[encoder.Encode(row[i] / scale)] * scale;
                error += d * d;
            }
            if (error < bestError)
            {
                bestError = error;
                bestScale = scale;
            }
        }
        for (int i = 0; i < row.Length; i++)
        {
            codes[i] = (byte)encoder.Encode(row[i] / bestScale);
        }
        return bestScale;
    }

    /// <summary>OCP MX blocks of 32: one E8M0 scale per block, elements as bytes (FP8) or nibbles (FP4).</summary>
    public static void Mx(ReadOnlySpan<float> row, Span<byte> codes, Span<byte> scales,
        MiniFloatEncoder element, float[] table, int elementMaxExponent, bool packNibbles, ScaleRule rule)
    {
        const int blockSize = 32;
        Span<float> block = stackalloc float[blockSize];
        for (int b = 0; b < scales.Length; b++)
        {
            LoadBlock(row, b * blockSize, block);
            float amax = MaxAbs(block);
            // OCP MX v1.0 §6.3: X = 2^(floor(log2(amax)) - emax_elem). An all-zero block takes 2^0.
            int ruleExponent = amax == 0 ? 0 : MathF.ILogB(amax) - elementMaxExponent;
            byte best = E8M0.FromExponent(ruleExponent);
            if (rule == ScaleRule.Search && amax != 0)
            {
                double bestError = double.PositiveInfinity;
                foreach (int offset in MxExponentCandidates)
                {
                    byte code = E8M0.FromExponent(ruleExponent + offset);
                    double error = BlockError(block, element, table, E8M0.Decode(code), bestError);
                    if (error < bestError)
                    {
                        bestError = error;
                        best = code;
                    }
                }
            }
            scales[b] = best;
            WriteElements(block, element, E8M0.Decode(best), codes, b * blockSize, packNibbles);
        }
    }

    /// <summary>NVFP4 blocks of 16: a UE4M3 scale per block times the tensor's FP32 scale.</summary>
    public static void Nv(ReadOnlySpan<float> row, Span<byte> codes, Span<byte> scales, float tensorScale, ScaleRule rule)
    {
        const int blockSize = 16;
        var e2m1 = ElementCodecs.E2M1;
        var scaleTable = ElementCodecs.UE4M3Table;
        Span<float> block = stackalloc float[blockSize];
        for (int b = 0; b < scales.Length; b++)
        {
            LoadBlock(row, b * blockSize, block);
            float amax = MaxAbs(block);
            int rule0 = NvScaleCode((int)ElementCodecs.UE4M3.Encode(amax / (float)MiniFloatFormats.E2M1.MaxFinite / tensorScale), amax);
            int best = rule0;
            if (rule == ScaleRule.Search && amax != 0)
            {
                double bestError = double.PositiveInfinity;
                foreach (int offset in NvCodeCandidates)
                {
                    int code = rule0 + offset;
                    if (code < MinNvScaleCode || code > 0x7E)
                    {
                        continue; // subnormal scales are not emitted; 0x7F is NaN
                    }
                    double error = BlockError(block, e2m1, ElementCodecs.E2M1Table, scaleTable[code] * tensorScale, bestError);
                    if (error < bestError)
                    {
                        bestError = error;
                        best = code;
                    }
                }
            }
            scales[b] = (byte)best;
            WriteElements(block, e2m1, scaleTable[best] * tensorScale, codes, b * blockSize, packNibbles: true);
        }
    }

    /// <summary>
    /// Smallest nonzero UE4M3 block scale Fpx's NVFP4 quantizer emits: the smallest normal (2^-6).
    /// Subnormal scales (codes 1..7) are never written, so kernels decode a scale with a shift and
    /// an add. They would only serve blocks whose largest magnitude is below 1/28672 of the
    /// tensor's; such a block is quantized with scale 2^-6 instead, a coarser grid on values that
    /// are negligible next to the rest of the tensor. Code 0 stays for all-zero blocks.
    /// </summary>
    internal const int MinNvScaleCode = 0x08;

    private static int NvScaleCode(int code, float amax) =>
        amax == 0 ? 0 : Math.Max(code, MinNvScaleCode);

    /// <summary>NVFP4's per-tensor scale: maps the tensor's amax onto 6 x 448, the largest block scale times the largest element.</summary>
    public static float NvTensorScale(float amax) =>
        amax == 0 ? 1f : amax / (float)(MiniFloatFormats.E2M1.MaxFinite * MiniFloatFormats.UE4M3.MaxFinite);

    private static double BlockError(ReadOnlySpan<float> block, MiniFloatEncoder element, float[] table, float scale, double stopAbove)
    {
        double error = 0;
        for (int i = 0; i < block.Length && error < stopAbove; i++)
        {
            float q = scale == 0 ? 0 : table[element.Encode(block[i] / scale)] * scale;
            double d = block[i] - q;
            error += d * d;
        }
        return error;
    }

    private static void WriteElements(ReadOnlySpan<float> block, MiniFloatEncoder element, float scale,
        Span<byte> codes, int firstElement, bool packNibbles)
    {
        for (int i = 0; i < block.Length; i++)
        {
            uint code = scale == 0 ? 0 : element.Encode(block[i] / scale);
            int index = firstElement + i;
            if (!packNibbles)
            {
                codes[index] = (byte)code;
            }
            else if ((index & 1) == 0)
            {
                codes[index >> 1] = (byte)code; // low nibble first (OCP MX v1.0 §5.3.3 packing)
            }
            else
            {
                codes[index >> 1] |= (byte)(code << 4);
            }
        }
    }

    private static void LoadBlock(ReadOnlySpan<float> row, int start, Span<float> block)
    {
        int n = Math.Clamp(row.Length - start, 0, block.Length);
        row.Slice(start, n).CopyTo(block);
        block[n..].Clear();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float MaxAbs(ReadOnlySpan<float> values) =>
        values.IsEmpty ? 0 : MathF.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(values));
}
