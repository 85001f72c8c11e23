using System.Runtime.InteropServices;
using Fpx.Engine.Formats;

namespace Fpx.Engine.Quant;

public sealed unsafe partial class QuantizedMatrix
{
    private Span<byte> CodeRow(int row) => new(Codes + row * CodeRowBytes, checked((int)CodeRowBytes));

    private Span<byte> ScaleRow(int row) => new(BlockScales + (long)row * BlocksPerRow, BlocksPerRow);

    /// <summary>Quantizes one row into its codes and scales and records its subnormal weights.</summary>
    private void QuantizeRow(int row, ReadOnlySpan<float> weights, ScaleRule rule, SparseCorrections.Builder corrections)
    {
        Span<byte> codes = CodeRow(row);
        switch (Format)
        {
            case WeightFormat.F32:
                MemoryMarshal.AsBytes(weights).CopyTo(codes);
                break;
            case WeightFormat.F16:
                RowQuantizer.F16(weights, MemoryMarshal.Cast<byte, ushort>(codes));
                SplitSubnormals16(row, MemoryMarshal.Cast<byte, ushort>(codes), MiniFloatFormats.F16, ElementCodecs.F16Table, corrections);
                break;
            case WeightFormat.BF16:
                RowQuantizer.BF16(weights, MemoryMarshal.Cast<byte, ushort>(codes));
                SplitSubnormals16(row, MemoryMarshal.Cast<byte, ushort>(codes), MiniFloatFormats.BF16, null, corrections);
                break;
            case WeightFormat.Fp8E4M3:
            case WeightFormat.Fp8E5M2:
            {
                var (encoder, table) = Fp8Codec(Format);
                float scale = RowQuantizer.Fp8Row(weights, codes, encoder, table, rule);
                RowScales[row] = scale;
                SplitSubnormals8(row, codes, encoder.Format, table, _ => scale, corrections);
                break;
            }
            case WeightFormat.MxFp8:
            {
                Span<byte> scales = ScaleRow(row);
                RowQuantizer.Mx(weights, codes, scales, ElementCodecs.E4M3, ElementCodecs.E4M3Table,
                    RowQuantizer.E4M3MaxExponent, packNibbles: false, rule);
                byte* scalePtr = BlockScales + (long)row * BlocksPerRow;
                SplitSubnormals8(row, codes[..Cols], MiniFloatFormats.E4M3, ElementCodecs.E4M3Table,
                    col => E8M0.Decode(scalePtr[col / 32]), corrections);
                break;
            }
            case WeightFormat.MxFp4:
                RowQuantizer.Mx(weights, codes, ScaleRow(row), ElementCodecs.E2M1, ElementCodecs.E2M1Table,
                    RowQuantizer.E2M1MaxExponent, packNibbles: true, rule);
                break;
            case WeightFormat.NvFp4:
                RowQuantizer.Nv(weights, codes, ScaleRow(row), TensorScale, rule);
                break;
            default:
                throw new NotSupportedException(Format.ToString());
        }
    }

    /// <summary>Decodes a row's codes with the reference tables (subnormals stored apart read as zero).</summary>
    private void DecodeRowCodes(int row, Span<float> destination)
    {
        ReadOnlySpan<byte> codes = CodeRow(row);
        switch (Format)
        {
            case WeightFormat.F32:
                MemoryMarshal.Cast<byte, float>(codes)[..Cols].CopyTo(destination);
                break;
            case WeightFormat.F16:
            {
                var halves = MemoryMarshal.Cast<byte, ushort>(codes);
                for (int c = 0; c < Cols; c++)
                {
                    destination[c] = ElementCodecs.F16Table[halves[c]];
                }
                break;
            }
            case WeightFormat.BF16:
            {
                var halves = MemoryMarshal.Cast<byte, ushort>(codes);
                for (int c = 0; c < Cols; c++)
                {
                    destination[c] = ElementCodecs.DecodeBF16(halves[c]);
                }
                break;
            }
            case WeightFormat.Fp8E4M3:
            case WeightFormat.Fp8E5M2:
            {
                float[] table = Fp8Codec(Format).Table;
                float scale = RowScales[row];
                for (int c = 0; c < Cols; c++)
                {
                    destination[c] = table[codes[c]] * scale;
                }
                break;
            }
            case WeightFormat.MxFp8:
            {
                var scales = ScaleRow(row);
                for (int c = 0; c < Cols; c++)
                {
                    destination[c] = ElementCodecs.E4M3Table[codes[c]] * E8M0.Decode(scales[c / 32]);
                }
                break;
            }
            case WeightFormat.MxFp4:
            case WeightFormat.NvFp4:
            {
                var scales = ScaleRow(row);
                int blockSize = Info.BlockSize;
                for (int c = 0; c < Cols; c++)
                {
                    int code = (codes[c >> 1] >> ((c & 1) * 4)) & 0xF;
                    float scale = Format == WeightFormat.MxFp4
                        ? E8M0.Decode(scales[c / blockSize])
                        : ElementCodecs.UE4M3Table[scales[c / blockSize]] * TensorScale;
                    destination[c] = ElementCodecs.E2M1Table[code] * scale;
                }
                break;
            }
            default:
                throw new NotSupportedException(Format.ToString());
        }
    }

    internal static (MiniFloatEncoder Encoder, float[] Table) Fp8Codec(WeightFormat format) => format switch
    {
        WeightFormat.Fp8E4M3 or WeightFormat.MxFp8 => (ElementCodecs.E4M3, ElementCodecs.E4M3Table),
        WeightFormat.Fp8E5M2 => (ElementCodecs.E5M2, ElementCodecs.E5M2Table),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    private static void SplitSubnormals16(int row, Span<ushort> codes, MiniFloatFormat format, float[]? table,
        SparseCorrections.Builder corrections)
    {
        for (int c = 0; c < codes.Length; c++)
        {
            if (MiniFloat.IsSubnormal(format, codes[c]))
            {
                corrections.Add(row, c, table is null ? ElementCodecs.DecodeBF16(codes[c]) : table[codes[c]]);
                codes[c] &= 0x8000; // keep the sign: a signed zero decodes to zero either way
            }
        }
    }

    private static void SplitSubnormals8(int row, Span<byte> codes, MiniFloatFormat format, float[] table,
        Func<int, float> scaleOf, SparseCorrections.Builder corrections)
    {
        for (int c = 0; c < codes.Length; c++)
        {
            if (MiniFloat.IsSubnormal(format, codes[c]))
            {
                corrections.Add(row, c, table[codes[c]] * scaleOf(c));
                codes[c] &= 0x80;
            }
        }
    }
}
