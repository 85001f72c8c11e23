using System.Text.Json.Nodes;
using Fpx.Engine.Model;
using Fpx.Engine.Runtime;

namespace Fpx.Engine.Tests.Model;

/// <summary>The sharded reference model with a damaged model.safetensors.index.json or shards.</summary>
public class ShardIndexTests
{
    private const string Shard1 = "model-00001-of-00002.safetensors";
    private const string Shard2 = "model-00002-of-00002.safetensors";
    private static readonly ModelLoadOptions Fp8Only = new() { Variants = ["fp8"] };

    private static ReferenceModels.TemporaryModel WithIndex(Action<JsonObject> edit)
    {
        var copy = ReferenceModels.CopyToTemporary(ReferenceModels.MqaShardedBf16);
        string path = copy.File("model.safetensors.index.json");
        var index = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(index);
        File.WriteAllText(path, index.ToJsonString());
        return copy;
    }

    private static ModelFormatException Expect(ModelErrorCode code, string directory)
    {
        var e = Assert.Throws<ModelFormatException>(() => TransformerModel.Load(directory, Fp8Only).Dispose());
        Assert.Equal(code, e.Code);
        return e;
    }

    [Fact]
    public void Shards_load_and_name_the_same_tensors_as_the_index()
    {
        using var model = TransformerModel.Load(ReferenceModels.Directory(ReferenceModels.MqaShardedBf16), Fp8Only);
        Assert.Equal(3, model.Config.Layers);
    }

    [Theory]
    [InlineData("../model-00001-of-00002.safetensors")]
    [InlineData("/etc/passwd.safetensors")]
    [InlineData("sub/model.safetensors")]
    [InlineData("model.bin")]
    [InlineData(".hidden.safetensors")]
    public void An_index_cannot_point_outside_the_directory(string shard)
    {
        using var copy = WithIndex(i => i["weight_map"]!["model.norm.weight"] = shard);
        var e = Expect(ModelErrorCode.IndexInvalid, copy.Path);
        Assert.Equal("model.norm.weight", e.TensorName);
    }

    [Fact]
    public void A_malformed_index_is_index_invalid()
    {
        using var copy = ReferenceModels.CopyToTemporary(ReferenceModels.MqaShardedBf16);
        File.WriteAllText(copy.File("model.safetensors.index.json"), "{\"weight_map\": [");
        Expect(ModelErrorCode.IndexInvalid, copy.Path);
        File.WriteAllText(copy.File("model.safetensors.index.json"), "{\"weight_map\": 3}");
        Expect(ModelErrorCode.IndexInvalid, copy.Path);
        File.WriteAllText(copy.File("model.safetensors.index.json"), "{\"weight_map\": {}}");
        Expect(ModelErrorCode.IndexInvalid, copy.Path);
    }

    [Fact]
    public void A_missing_shard_is_named()
    {
        using var copy = ReferenceModels.CopyToTemporary(ReferenceModels.MqaShardedBf16);
        File.Delete(copy.File(Shard2));
        var e = Expect(ModelErrorCode.FileNotFound, copy.Path);
        Assert.Equal(copy.File(Shard2), e.FilePath);
    }

    [Fact]
    public void A_tensor_listed_under_the_wrong_shard_is_refused()
    {
        using var copy = WithIndex(i => i["weight_map"]!["model.norm.weight"] = Shard1);
        var e = Expect(ModelErrorCode.TensorUnexpected, copy.Path);
        Assert.Equal("model.norm.weight", e.TensorName);
        Assert.Equal(copy.File(Shard2), e.FilePath);
    }

    [Fact]
    public void A_tensor_the_index_lists_but_no_shard_holds_is_missing()
    {
        using var copy = WithIndex(i => i["weight_map"]!["model.layers.9.mlp.up_proj.weight"] = Shard1);
        var e = Expect(ModelErrorCode.TensorMissing, copy.Path);
        Assert.Equal("model.layers.9.mlp.up_proj.weight", e.TensorName);
    }

    [Fact]
    public void A_tensor_in_two_shards_is_a_duplicate()
    {
        using var copy = ReferenceModels.CopyToTemporary(ReferenceModels.MqaShardedBf16);
        var first = TensorFile.Read(copy.File(Shard1));
        var second = TensorFile.Read(copy.File(Shard2));
        second.Tensors.Add(first.Tensors[0]);
        second.Write(copy.File(Shard2));
        var e = Expect(ModelErrorCode.TensorDuplicate, copy.Path);
        Assert.Equal(first.Tensors[0].Name, e.TensorName);
    }
}
