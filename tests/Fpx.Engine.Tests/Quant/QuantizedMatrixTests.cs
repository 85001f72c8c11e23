using Fpx.Engine.Formats;
using Fpx.Engine.Quant;

namespace Fpx.Engine.Tests.Quant;

public class QuantizedMatrixTests
{
    public static TheoryData<WeightFormat> Formats()
    {
        var data = new TheoryData<WeightFormat>();
        foreach (var format in Enum.GetValues<WeightFormat>())
        {
            data.Add(format);
        }
        return data;
    }

    [Theory]
    [InlineData(WeightFormat.F32, 32.0)]
    [InlineData(WeightFormat.F16, 16.0)]
    [InlineData(WeightFormat.BF16, 16.0)]
    [InlineData(WeightFormat.Fp8E4M3, 8.0)]
    [InlineData(WeightFormat.Fp8E5M2, 8.0)]
    [InlineData(WeightFormat.MxFp8, 8.25)]
    [InlineData(WeightFormat.MxFp4, 4.25)]
    [InlineData(WeightFormat.NvFp4, 4.5)]
    public void Occupies_exactly_its_bits_per_weight_plus_row_and_tensor_scales(WeightFormat format, double bits)
    {
        const int rows = 64, cols = 256;
        using var m = QuantizedMatrix.Quantize(TestData.Gaussian(rows * cols, 1, 0.02), rows, cols, format);
        Assert.Equal(bits, m.Info.BitsPerWeight);
        long expected = (long)(rows * cols * bits / 8) + (m.Info.RowScale ? rows * 4 : 0);
        Assert.Equal(expected, m.PayloadBytes);
        long tensorScale = format == WeightFormat.NvFp4 ? 4 : 0;
        Assert.Equal(expected + tensorScale + m.Corrections.Bytes, m.ResidentBytes);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Dequantized_rows_are_the_format_rounding_of_the_weights(WeightFormat format)
    {
        // Odd sizes: partial blocks and rows that are not a multiple of any vector width.
        foreach (var (rows, cols) in new[] { (3, 1), (5, 17), (7, 33), (9, 100), (16, 256) })
        {
            var w = TestData.Gaussian(rows * cols, rows * 31 + cols, 0.05);
            using var m = QuantizedMatrix.Quantize(w, rows, cols, format);
            var row = new float[cols];
            double error = 0, norm = 0;
            for (int r = 0; r < rows; r++)
            {
                m.DequantizeRow(r, row);
                for (int c = 0; c < cols; c++)
                {
                    double d = w[r * cols + c] - row[c];
                    error += d * d;
                    norm += (double)w[r * cols + c] * w[r * cols + c];
                }
            }
            double relativeRms = Math.Sqrt(error / norm);
            Assert.True(relativeRms <= Tolerances.RelativeRmsCeiling(format) * (cols < 32 ? 1.6 : 1.0),
                $"{format} {rows}x{cols}: relative RMS {relativeRms}");
        }
    }

    [Fact]
    public void F16_and_BF16_rows_equal_their_element_rounding_exactly_subnormals_included()
    {
        // Tiny weights produce F16 subnormals; they are stored apart and must come back exact.
        const int rows = 8, cols = 64;
        var w = TestData.Gaussian(rows * cols, 5, 1e-5);
        using var f16 = QuantizedMatrix.Quantize(w, rows, cols, WeightFormat.F16);
        Assert.True(f16.SubnormalCount > 0, "the data should contain F16 subnormals");
        var row = new float[cols];
        for (int r = 0; r < rows; r++)
        {
            f16.DequantizeRow(r, row);
            for (int c = 0; c < cols; c++)
            {
                Assert.Equal((float)(Half)w[r * cols + c], row[c]);
            }
        }
    }

    [Fact]
    public void MX_scale_follows_the_OCP_rule()
    {
        // amax = 5: floor(log2 5) - emax(E2M1) = 2 - 2 = 0, so X = 2^0 (code 127); 5 is a tie
        // between 4 and 6 and rounds to 4 (even mantissa). 0.25 is a tie between 0 and 0.5 -> 0.
        var block = new float[32];
        block[0] = 5f;
        block[1] = -1.25f;
        block[2] = 0.25f;
        block[3] = 0.75f;
        using var m = QuantizedMatrix.Quantize(block, 1, 32, WeightFormat.MxFp4);
        var row = new float[32];
        m.DequantizeRow(0, row);
        Assert.Equal(new[] { 4f, -1f, 0f, 1f }, row[..4]);
        unsafe
        {
            Assert.Equal(127, m.BlockScales[0]);
        }
    }

    [Theory]
    [InlineData(WeightFormat.Fp8E4M3)]
    [InlineData(WeightFormat.Fp8E5M2)]
    [InlineData(WeightFormat.MxFp8)]
    [InlineData(WeightFormat.MxFp4)]
    [InlineData(WeightFormat.NvFp4)]
    public void Searched_scales_are_never_worse_than_the_rule_on_any_row(WeightFormat format)
    {
        const int rows = 48, cols = 160;
        foreach (var w in new[] { TestData.Gaussian(rows * cols, 7), TestData.StudentT(rows * cols, 8) })
        {
            using var rule = QuantizedMatrix.Quantize(w, rows, cols, format, ScaleRule.Ocp);
            using var search = QuantizedMatrix.Quantize(w, rows, cols, format, ScaleRule.Search);
            double totalRule = 0, totalSearch = 0;
            for (int r = 0; r < rows; r++)
            {
                double eRule = RowError(rule, w, r), eSearch = RowError(search, w, r);
                Assert.True(eSearch <= eRule * (1 + 1e-12), $"{format} row {r}: search {eSearch} > rule {eRule}");
                totalRule += eRule;
                totalSearch += eSearch;
            }
            Assert.True(totalSearch < totalRule, $"{format}: the search should improve something ({totalSearch} vs {totalRule})");
        }
    }

    [Fact]
    public void Non_finite_weights_are_rejected_with_their_position()
    {
        var w = new float[4 * 8];
        w[2 * 8 + 5] = float.NaN;
        var e = Assert.Throws<ArgumentException>(() => QuantizedMatrix.Quantize(w, 4, 8, WeightFormat.MxFp4));
        Assert.Contains("[2, 5]", e.Message);
        w[2 * 8 + 5] = float.PositiveInfinity;
        Assert.Throws<ArgumentException>(() => QuantizedMatrix.Quantize(w, 4, 8, WeightFormat.F16));
    }

    [Fact]
    public void Wrong_sizes_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => QuantizedMatrix.Quantize(new float[10], 3, 4, WeightFormat.F16));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuantizedMatrix.Quantize(0, 4, WeightFormat.F16, (_, _) => { }));
    }

    [Fact]
    public void Format_names_parse()
    {
        Assert.True(WeightFormatInfo.TryParse("MXFP4", out var f));
        Assert.Equal(WeightFormat.MxFp4, f);
        Assert.False(WeightFormatInfo.TryParse("int3", out _));
        Assert.Equal(0.0, WeightFormatInfo.Of(WeightFormat.NvFp4).BitsPerWeight - 4.5);
        Assert.Equal(8.25, WeightFormatInfo.Of(WeightFormat.MxFp8).BitsPerWeight);
        Assert.Equal(448f, ElementCodecs.E4M3Table[0x7E]);
    }

    private static double RowError(QuantizedMatrix m, float[] w, int r)
    {
        var row = new float[m.Cols];
        m.DequantizeRow(r, row);
        double e = 0;
        for (int c = 0; c < m.Cols; c++)
        {
            double d = w[r * m.Cols + c] - row[c];
            e += d * d;
        }
        return e;
    }
}
