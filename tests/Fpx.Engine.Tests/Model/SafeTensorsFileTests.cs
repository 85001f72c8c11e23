using Fpx.Engine.Model;

namespace Fpx.Engine.Tests.Model;

public class SafeTensorsFileTests
{
    [Fact]
    public void Rows_are_widened_exactly_from_every_checkpoint_dtype()
    {
        foreach (string name in ReferenceModels.All)
        {
            using var checkpoint = Checkpoint.Open(ReferenceModels.Directory(name));
            var source = checkpoint.Rows("model.embed_tokens.weight", out int rows, out int cols);
            var row = new float[cols];
            source(rows - 1, row);
            Assert.All(row, v => Assert.True(float.IsFinite(v) && Math.Abs(v) < 10));
            // F16 and BF16 values are floats exactly: widening twice changes nothing.
            Assert.Equal(row, row.Select(v => checkpoint.Config.DType == TensorDType.F16 ? (float)(Half)v : v).ToArray());
        }
    }

    [Fact]
    public void Bytes_outside_a_tensor_cannot_be_read()
    {
        using var file = SafeTensorsFile.Open(Path.Combine(ReferenceModels.Directory(ReferenceModels.GqaF32), "model.safetensors"));
        var entry = file.Tensors[0];
        Assert.Throws<ArgumentOutOfRangeException>(() => file.Bytes(entry, entry.End - entry.Begin - 2, 4).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => file.Bytes(entry, -1, 1).Length);
    }

    [Fact]
    public void The_fingerprint_follows_config_and_headers()
    {
        using var a = Checkpoint.Open(ReferenceModels.Directory(ReferenceModels.GqaF32));
        using var b = Checkpoint.Open(ReferenceModels.Directory(ReferenceModels.GqaF32));
        using var c = Checkpoint.Open(ReferenceModels.Directory(ReferenceModels.OddBiasF16));
        Assert.StartsWith("sha256:", a.Fingerprint);
        Assert.Equal(a.Fingerprint, b.Fingerprint);
        Assert.NotEqual(a.Fingerprint, c.Fingerprint);
    }
}
