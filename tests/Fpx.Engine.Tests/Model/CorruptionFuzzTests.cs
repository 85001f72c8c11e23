using System.Buffers.Binary;
using Fpx.Engine.Model;
using Fpx.Engine.Runtime;

namespace Fpx.Engine.Tests.Model;

/// <summary>
/// Random damage (byte flips in the header and the data, truncation at random lengths): a load
/// either succeeds or fails with <see cref="ModelFormatException"/>, never with anything else.
/// </summary>
public class CorruptionFuzzTests
{
    [Fact]
    public void Random_damage_never_escapes_as_another_exception()
    {
        using var copy = ReferenceModels.CopyToTemporary(ReferenceModels.GqaF32);
        string path = copy.File("model.safetensors");
        byte[] original = File.ReadAllBytes(path);
        int headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(original);
        var random = new Random(1234);
        var codes = new Dictionary<ModelErrorCode, int>();
        int loaded = 0;
        for (int trial = 0; trial < 300; trial++)
        {
            byte[] damaged = (byte[])original.Clone();
            switch (trial % 3)
            {
                case 0: // flip bytes in the length prefix or the JSON header
                    for (int k = 1 + random.Next(3); k > 0; k--)
                    {
                        damaged[random.Next(headerEnd)] ^= (byte)(1 << random.Next(8));
                    }
                    break;
                case 1: // truncate anywhere
                    damaged = damaged[..random.Next(damaged.Length)];
                    break;
                default: // overwrite a few data bytes with 0xFF (NaN patterns among them)
                    for (int k = 1 + random.Next(4); k > 0; k--)
                    {
                        damaged[headerEnd + random.Next(damaged.Length - headerEnd)] = 0xFF;
                    }
                    break;
            }
            File.WriteAllBytes(path, damaged);
            try
            {
                // Full loads for some trials, header/layout validation alone for the rest (fast).
                if (trial % 10 == 0)
                {
                    TransformerModel.Load(copy.Path, new ModelLoadOptions { Variants = ["fp4"] }).Dispose();
                }
                else
                {
                    Checkpoint.Open(copy.Path).Dispose();
                }
                loaded++;
            }
            catch (ModelFormatException e)
            {
                codes[e.Code] = codes.GetValueOrDefault(e.Code) + 1;
            }
        }
        // The damage must have hit several distinct rules, and some data flips are harmless.
        Assert.True(codes.Count >= 5, string.Join(", ", codes.Select(kv => $"{kv.Key}={kv.Value}")));
        Assert.True(loaded > 0);
    }

    [Fact]
    public void Every_truncation_through_the_header_is_refused_cleanly()
    {
        using var copy = ReferenceModels.CopyToTemporary(ReferenceModels.GqaF32);
        string path = copy.File("model.safetensors");
        byte[] original = File.ReadAllBytes(path);
        int headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(original);
        for (int length = 0; length < Math.Min(original.Length, headerEnd + 64); length++)
        {
            File.WriteAllBytes(path, original[..length]);
            var e = Assert.Throws<ModelFormatException>(() => Checkpoint.Open(copy.Path).Dispose());
            Assert.Equal(path, e.FilePath);
        }
        File.WriteAllBytes(path, original[..^1]);
        Assert.Equal(ModelErrorCode.TensorOutOfBounds, Assert.Throws<ModelFormatException>(() => Checkpoint.Open(copy.Path).Dispose()).Code);
    }
}
