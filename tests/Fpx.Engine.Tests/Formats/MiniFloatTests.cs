using Fpx.Engine.Formats;

namespace Fpx.Engine.Tests.Formats;

public class MiniFloatTests
{
    public static TheoryData<string> AllFormats => new() { "f16", "bf16", "e4m3", "e5m2", "e2m1", "ue4m3" };

    internal static MiniFloatFormat ByName(string name) => name switch
    {
        "f16" => MiniFloatFormats.F16,
        "bf16" => MiniFloatFormats.BF16,
        "e4m3" => MiniFloatFormats.E4M3,
        "e5m2" => MiniFloatFormats.E5M2,
        "e2m1" => MiniFloatFormats.E2M1,
        "ue4m3" => MiniFloatFormats.UE4M3,
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [InlineData("e4m3", 0x7E, 448f)]
    [InlineData("e4m3", 0x38, 1f)]
    [InlineData("e4m3", 0x08, 0.015625f)]          // smallest normal 2^-6
    [InlineData("e4m3", 0x01, 0.001953125f)]       // smallest subnormal 2^-9
    [InlineData("e4m3", 0xFE, -448f)]
    [InlineData("e5m2", 0x7B, 57344f)]
    [InlineData("e5m2", 0x3C, 1f)]
    [InlineData("e5m2", 0x01, 1.52587890625e-05f)] // 2^-16
    [InlineData("e2m1", 0x1, 0.5f)]
    [InlineData("e2m1", 0x3, 1.5f)]
    [InlineData("e2m1", 0x5, 3f)]
    [InlineData("e2m1", 0x7, 6f)]
    [InlineData("e2m1", 0xF, -6f)]
    [InlineData("ue4m3", 0x7E, 448f)]
    [InlineData("f16", 0x7BFF, 65504f)]
    [InlineData("f16", 0x0001, 5.9604645e-08f)]
    [InlineData("bf16", 0x3F80, 1f)]
    public void Decodes_values_from_the_specs(string format, int code, float expected)
    {
        Assert.Equal(expected, MiniFloat.Decode(ByName(format), (uint)code));
    }

    [Theory]
    [InlineData("e4m3", 0x7F)]
    [InlineData("e4m3", 0xFF)]
    [InlineData("ue4m3", 0x7F)]
    [InlineData("e5m2", 0x7D)]
    [InlineData("e5m2", 0x7E)]
    [InlineData("e5m2", 0xFF)]
    [InlineData("f16", 0x7E00)]
    public void Decodes_NaN_codes(string format, int code)
    {
        Assert.True(float.IsNaN(MiniFloat.Decode(ByName(format), (uint)code)));
    }

    [Fact]
    public void E5M2_and_F16_have_infinities_and_E4M3_and_E2M1_do_not()
    {
        Assert.Equal(float.PositiveInfinity, MiniFloat.Decode(MiniFloatFormats.E5M2, 0x7C));
        Assert.Equal(float.NegativeInfinity, MiniFloat.Decode(MiniFloatFormats.E5M2, 0xFC));
        Assert.Equal(float.PositiveInfinity, MiniFloat.Decode(MiniFloatFormats.F16, 0x7C00));
        foreach (var format in new[] { MiniFloatFormats.E4M3, MiniFloatFormats.E2M1, MiniFloatFormats.UE4M3 })
        {
            for (uint code = 0; code < format.CodeCount; code++)
            {
                Assert.False(float.IsInfinity(MiniFloat.Decode(format, code)), $"{format.Name} 0x{code:x2}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllFormats))]
    public void Every_finite_code_round_trips(string name)
    {
        var format = ByName(name);
        for (uint code = 0; code < format.CodeCount; code++)
        {
            float value = MiniFloat.Decode(format, code);
            if (float.IsNaN(value) || float.IsInfinity(value))
            {
                continue;
            }
            Assert.Equal(code, MiniFloat.Encode(format, value));
        }
    }

    [Theory]
    [MemberData(nameof(AllFormats))]
    public void Ties_round_to_the_even_code_and_other_values_to_the_nearer(string name)
    {
        var format = ByName(name);
        var values = PositiveFiniteValuesInOrder(format);
        for (int i = 0; i + 1 < values.Count; i++)
        {
            (uint lowCode, float low) = values[i];
            (uint highCode, float high) = values[i + 1];
            double mid = (low + (double)high) / 2;
            if ((float)mid != mid)
            {
                continue; // the midpoint is not a float (only for formats as wide as BF16's top binade)
            }
            uint evenCode = (lowCode & 1) == 0 ? lowCode : highCode;
            Assert.Equal(evenCode, MiniFloat.Encode(format, (float)mid));
            Assert.Equal(lowCode, MiniFloat.Encode(format, MathF.BitDecrement((float)mid)));
            Assert.Equal(highCode, MiniFloat.Encode(format, MathF.BitIncrement((float)mid)));
            if (format.HasSign)
            {
                uint sign = 1u << (format.Bits - 1);
                Assert.Equal(evenCode | sign, MiniFloat.Encode(format, -(float)mid));
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllFormats))]
    public void Saturates_to_the_largest_finite_value(string name)
    {
        var format = ByName(name);
        float max = MiniFloat.MaxFinite(format);
        uint maxCode = MiniFloat.Encode(format, max);
        Assert.Equal(max, MiniFloat.Decode(format, maxCode));
        if (float.IsFinite(max * 1.5f))
        {
            Assert.Equal(maxCode, MiniFloat.Encode(format, max * 1.5f)); // BF16's 1.5 x max is already infinite
        }
        Assert.Equal(maxCode, MiniFloat.Encode(format, float.MaxValue));
        if (format.HasSign)
        {
            Assert.Equal(-max, MiniFloat.Decode(format, MiniFloat.Encode(format, -float.MaxValue)));
        }
        else
        {
            Assert.Equal(0u, MiniFloat.Encode(format, -1f));
        }
        float inf = MiniFloat.Decode(format, MiniFloat.Encode(format, float.PositiveInfinity));
        Assert.Equal(format.Special == SpecialValues.Ieee ? float.PositiveInfinity : max, inf);
    }

    [Fact]
    public void NaN_encodes_as_NaN_where_the_format_has_one_and_as_zero_in_E2M1()
    {
        Assert.True(float.IsNaN(MiniFloat.Decode(MiniFloatFormats.E4M3, MiniFloat.Encode(MiniFloatFormats.E4M3, float.NaN))));
        Assert.True(float.IsNaN(MiniFloat.Decode(MiniFloatFormats.E5M2, MiniFloat.Encode(MiniFloatFormats.E5M2, float.NaN))));
        Assert.True(float.IsNaN(MiniFloat.Decode(MiniFloatFormats.F16, MiniFloat.Encode(MiniFloatFormats.F16, float.NaN))));
        Assert.Equal(0u, MiniFloat.Encode(MiniFloatFormats.E2M1, float.NaN));
    }

    [Fact]
    public void Largest_finite_values_match_the_specs()
    {
        Assert.Equal(448.0, MiniFloatFormats.E4M3.MaxFinite);
        Assert.Equal(57344.0, MiniFloatFormats.E5M2.MaxFinite);
        Assert.Equal(6.0, MiniFloatFormats.E2M1.MaxFinite);
        Assert.Equal(448.0, MiniFloatFormats.UE4M3.MaxFinite);
        Assert.Equal(65504.0, MiniFloatFormats.F16.MaxFinite);
        Assert.Equal((double)BitConverter.UInt32BitsToSingle(0x7F7F0000), MiniFloatFormats.BF16.MaxFinite);
    }

    [Fact]
    public void F16_matches_System_Half_below_the_overflow_threshold()
    {
        // System.Half is an independent IEEE binary16 implementation (round to nearest even,
        // overflow to infinity); below 65520 both must agree bit for bit.
        foreach (float x in Samples(seed: 1, count: 200_000))
        {
            if (MathF.Abs(x) >= 65520f)
            {
                continue;
            }
            ushort expected = BitConverter.HalfToUInt16Bits((Half)x);
            Assert.Equal(expected, (ushort)MiniFloat.Encode(MiniFloatFormats.F16, x));
        }
    }

    [Fact]
    public void BF16_matches_the_bit_rounding_of_binary32()
    {
        // Independent definition: round the low 16 bits of the binary32 to nearest even.
        foreach (float x in Samples(seed: 2, count: 200_000))
        {
            uint bits = BitConverter.SingleToUInt32Bits(x);
            uint expected = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16;
            if ((expected & 0x7F80) == 0x7F80)
            {
                continue; // rounds past the largest finite value: saturation, checked elsewhere
            }
            Assert.Equal(expected, MiniFloat.Encode(MiniFloatFormats.BF16, x));
        }
    }

    /// <summary>Random floats over a wide exponent range, both signs, plus zeros, and the format boundaries tests care about.</summary>
    internal static IEnumerable<float> Samples(int seed, int count)
    {
        var random = new Random(seed);
        yield return 0f;
        yield return -0f;
        for (int i = 0; i < count; i++)
        {
            double magnitude = Math.Pow(2, random.NextDouble() * 60 - 35);
            yield return (float)(random.Next(2) == 0 ? magnitude : -magnitude);
        }
        for (int i = 0; i < count / 10; i++)
        {
            yield return BitConverter.UInt32BitsToSingle((uint)random.Next(0, 0x00FF_FFFF)); // binary32 denormals
        }
    }

    internal static List<(uint Code, float Value)> PositiveFiniteValuesInOrder(MiniFloatFormat format)
    {
        var list = new List<(uint, float)>();
        uint limit = format.HasSign ? 1u << (format.Bits - 1) : (uint)format.CodeCount;
        for (uint code = 0; code < limit; code++)
        {
            float value = MiniFloat.Decode(format, code);
            if (float.IsFinite(value))
            {
                list.Add((code, value));
            }
        }
        return list;
    }
}
