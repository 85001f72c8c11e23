using Fpx.Engine.Formats;

namespace Fpx.Engine.Tests.Formats;

public class MiniFloatEncoderTests
{
    [Theory]
    [MemberData(nameof(MiniFloatTests.AllFormats), MemberType = typeof(MiniFloatTests))]
    public void Fast_encoder_agrees_with_the_reference_at_every_boundary_and_on_random_values(string name)
    {
        var format = MiniFloatTests.ByName(name);
        var encoder = new MiniFloatEncoder(format);
        var probes = new List<float> { float.PositiveInfinity, float.NegativeInfinity, float.NaN, -float.NaN, float.MaxValue, float.Epsilon };
        var values = MiniFloatTests.PositiveFiniteValuesInOrder(format);
        for (int i = 0; i < values.Count; i++)
        {
            float v = values[i].Value;
            probes.AddRange([v, MathF.BitIncrement(v), MathF.BitDecrement(v)]);
            if (i + 1 < values.Count)
            {
                float mid = (float)((v + (double)values[i + 1].Value) / 2);
                probes.AddRange([mid, MathF.BitIncrement(mid), MathF.BitDecrement(mid)]);
            }
        }
        probes.AddRange(MiniFloatTests.Samples(seed: 3, count: 100_000));
        foreach (float x in probes)
        {
            foreach (float signed in new[] { x, -x })
            {
                Assert.True(MiniFloat.Encode(format, signed) == encoder.Encode(signed),
                    $"{name}: x={signed:R} (0x{BitConverter.SingleToUInt32Bits(signed):x8}) reference 0x{MiniFloat.Encode(format, signed):x} fast 0x{encoder.Encode(signed):x}");
            }
        }
    }

    [Fact]
    public void E8M0_decodes_powers_of_two_and_NaN()
    {
        Assert.Equal(1f, E8M0.Decode(127));
        Assert.Equal(0.5f, E8M0.Decode(126));
        Assert.Equal(MathF.Pow(2, 127), E8M0.Decode(254));
        Assert.Equal((float)Math.ScaleB(1, -127), E8M0.Decode(0));
        Assert.True(float.IsNaN(E8M0.Decode(0xFF)));
        Assert.Equal(E8M0.MinQuantizerCode, E8M0.FromExponent(-300));
        Assert.Equal(E8M0.MaxCode, E8M0.FromExponent(300));
    }
}
