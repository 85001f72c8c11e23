using System.Buffers.Binary;
using System.Text.Json.Nodes;
using Fpx.Engine.Model;
using Fpx.Engine.Runtime;

namespace Fpx.Engine.Tests.Model;

/// <summary>
/// Damaged copies of the reference models, one per rule the loader enforces: each must fail with
/// its stable code and a message naming the file (and the tensor, when one is at fault).
/// </summary>
public class CheckpointValidationTests
{
    private const string Q0 = "model.layers.0.self_attn.q_proj.weight";
    private const string K0 = "model.layers.0.self_attn.k_proj.weight";
    private static readonly ModelLoadOptions Fp8Only = new() { Variants = ["fp8"] };

    private static ModelFormatException Expect(ModelErrorCode code, string directory, string? file = null, string? tensor = null)
    {
        var e = Assert.Throws<ModelFormatException>(() => TransformerModel.Load(directory, Fp8Only).Dispose());
        Assert.Equal(code, e.Code);
        Assert.StartsWith(code.Name() + ":", e.Message);
        if (file is not null)
        {
            Assert.Equal(file, e.FilePath);
            Assert.Contains(file, e.Message);
        }
        if (tensor is not null)
        {
            Assert.Equal(tensor, e.TensorName);
            Assert.Contains(tensor, e.Message);
        }
        return e;
    }

    /// <summary>Rewrites model.safetensors of a copy of the F32 fixture.</summary>
    private static ReferenceModels.TemporaryModel Damaged(Action<TensorFile> change, Action<JsonObject>? editHeader = null, string? headerText = null, byte[]? trailing = null)
    {
        var copy = ReferenceModels.CopyToTemporary(ReferenceModels.GqaF32);
        string path = copy.File("model.safetensors");
        var file = TensorFile.Read(path);
        change(file);
        file.Write(path, editHeader, headerText, trailing);
        return copy;
    }

    [Fact]
    public void The_undamaged_copy_loads()
    {
        using var copy = Damaged(_ => { });
        TransformerModel.Load(copy.Path, Fp8Only).Dispose();
    }

    [Fact]
    public void Missing_directory_config_or_weights_are_named()
    {
        Expect(ModelErrorCode.DirectoryNotFound, "/nonexistent/fpx-model", "/nonexistent/fpx-model");
        using var noConfig = ReferenceModels.CopyToTemporary(ReferenceModels.GqaF32);
        File.Delete(noConfig.File("config.json"));
        Expect(ModelErrorCode.FileNotFound, noConfig.Path, noConfig.File("config.json"));
        using var noWeights = ReferenceModels.CopyToTemporary(ReferenceModels.GqaF32);
        File.Delete(noWeights.File("model.safetensors"));
        Expect(ModelErrorCode.FileNotFound, noWeights.Path, noWeights.Path);
    }

    [Fact]
    public void A_file_shorter_than_the_length_prefix_is_too_small()
    {
        using var copy = ReferenceModels.CopyToTemporary(ReferenceModels.GqaF32);
        File.WriteAllBytes(copy.File("model.safetensors"), [1, 2, 3, 4, 5]);
        Expect(ModelErrorCode.FileTooSmall, copy.Path, copy.File("model.safetensors"));
    }

    [Theory]
    [InlineData(100_000_001UL, ModelErrorCode.HeaderTooLarge)]
    [InlineData(ulong.MaxValue, ModelErrorCode.HeaderTooLarge)]
    [InlineData(200_000UL, ModelErrorCode.HeaderTruncated)]
    public void A_header_length_beyond_the_limit_or_the_file_is_refused_before_allocating(ulong claimed, ModelErrorCode code)
    {
        using var copy = ReferenceModels.CopyToTemporary(ReferenceModels.GqaF32);
        string path = copy.File("model.safetensors");
        byte[] bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, claimed);
        File.WriteAllBytes(path, bytes);
        Expect(code, copy.Path, path);
    }

    [Fact]
    public void A_file_truncated_inside_the_data_names_the_tensor_that_no_longer_fits()
    {
        using var copy = ReferenceModels.CopyToTemporary(ReferenceModels.GqaF32);
        string path = copy.File("model.safetensors");
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^10]);
        Expect(ModelErrorCode.TensorOutOfBounds, copy.Path, path, "lm_head.weight");
    }

    [Theory]
    [InlineData("{\"a\": ", ModelErrorCode.HeaderNotJson)]
    [InlineData("\u00ff\u00fe", ModelErrorCode.HeaderNotJson)]
    [InlineData("[1, 2]", ModelErrorCode.HeaderInvalid)]
    [InlineData("{\"x\": 5}", ModelErrorCode.HeaderInvalid)]
    [InlineData("{\"x\": {\"dtype\": \"F32\", \"shape\": [1]}}", ModelErrorCode.HeaderInvalid)]
    [InlineData("{\"x\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4], \"extra\": 1}}", ModelErrorCode.HeaderInvalid)]
    [InlineData("{\"x\": {\"dtype\": \"F32\", \"shape\": [-1], \"data_offsets\": [0, 4]}}", ModelErrorCode.HeaderInvalid)]
    [InlineData("{\"x\": {\"dtype\": \"F32\", \"shape\": [1.5], \"data_offsets\": [0, 4]}}", ModelErrorCode.HeaderInvalid)]
    [InlineData("{\"x\": {\"dtype\": 7, \"shape\": [1], \"data_offsets\": [0, 4]}}", ModelErrorCode.HeaderInvalid)]
    [InlineData("{\"x\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 0]}}", ModelErrorCode.HeaderInvalid)]
    [InlineData("{\"x\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4, 8]}}", ModelErrorCode.HeaderInvalid)]
    [InlineData("{\"__metadata__\": {\"format\": 1}}", ModelErrorCode.HeaderInvalid)]
    [InlineData("{\"x\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}, \"x\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}", ModelErrorCode.TensorDuplicate)]
    [InlineData("{\"x\": {\"dtype\": \"I32\", \"shape\": [1], \"data_offsets\": [0, 4]}}", ModelErrorCode.DTypeUnsupported)]
    [InlineData("{\"x\": {\"dtype\": \"Q4_K\", \"shape\": [1], \"data_offsets\": [0, 4]}}", ModelErrorCode.DTypeUnsupported)]
    [InlineData("{\"x\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 4]}}", ModelErrorCode.TensorSizeMismatch)]
    [InlineData("{\"x\": {\"dtype\": \"F32\", \"shape\": [4611686018427387904, 4], \"data_offsets\": [0, 4]}}", ModelErrorCode.TensorSizeMismatch)]
    [InlineData("{\"x\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}, \"y\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}}", ModelErrorCode.TensorOverlap)]
    [InlineData("{\"x\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}", ModelErrorCode.DataNotContiguous)]
    public void Malformed_headers_get_their_own_codes(string header, ModelErrorCode code)
    {
        using var copy = Damaged(_ => { }, headerText: header);
        Expect(code, copy.Path, copy.File("model.safetensors"));
    }

    [Fact]
    public void Overlapping_tensors_name_both()
    {
        using var copy = Damaged(_ => { }, header =>
        {
            var offsets = header[K0]!["data_offsets"]!.AsArray();
            header[K0]!["data_offsets"] = new JsonArray((long)offsets[0]! - 4, (long)offsets[1]! - 4);
        });
        var e = Expect(ModelErrorCode.TensorOverlap, copy.Path, copy.File("model.safetensors"));
        Assert.Contains(Q0, e.Message + e.TensorName);
    }

    [Fact]
    public void Trailing_bytes_after_the_last_tensor_are_refused()
    {
        using var copy = Damaged(_ => { }, trailing: [0, 0, 0, 0]);
        Expect(ModelErrorCode.DataNotContiguous, copy.Path, copy.File("model.safetensors"));
    }

    [Fact]
    public void A_shape_that_disagrees_with_the_config_names_the_tensor()
    {
        using var copy = Damaged(f => f.Replace(K0, t => t with { Shape = [32, 16] }));
        var e = Expect(ModelErrorCode.ShapeMismatch, copy.Path, copy.File("model.safetensors"), K0);
        Assert.Contains("[16, 32]", e.Message);
    }

    [Fact]
    public void A_missing_tensor_is_named()
    {
        using var copy = Damaged(f => f.Tensors.RemoveAll(t => t.Name == K0));
        Expect(ModelErrorCode.TensorMissing, copy.Path, copy.File("model.safetensors"), K0);
    }

    [Fact]
    public void An_unexpected_tensor_is_named_but_old_rotary_buffers_are_ignored()
    {
        using var extra = Damaged(f => f.Tensors.Add(new TensorFile.Tensor("model.layers.0.mlp.extra.weight", "F32", [1], new byte[4])));
        Expect(ModelErrorCode.TensorUnexpected, extra.Path, extra.File("model.safetensors"), "model.layers.0.mlp.extra.weight");
        using var rotary = Damaged(f => f.Tensors.Add(new TensorFile.Tensor("model.layers.0.self_attn.rotary_emb.inv_freq", "F32", [4], new byte[16])));
        TransformerModel.Load(rotary.Path, Fp8Only).Dispose();
    }

    [Fact]
    public void A_tied_model_must_not_carry_an_output_head()
    {
        using var copy = ReferenceModels.CopyToTemporary(ReferenceModels.Qwen2BiasTiedBf16);
        string path = copy.File("model.safetensors");
        var file = TensorFile.Read(path);
        var embedding = file["model.embed_tokens.weight"];
        file.Tensors.Add(embedding with { Name = "lm_head.weight" });
        file.Write(path);
        var e = Expect(ModelErrorCode.TensorUnexpected, copy.Path, path, "lm_head.weight");
        Assert.Contains("ties", e.Message);
    }

    [Fact]
    public void A_dtype_other_than_the_configs_torch_dtype_is_refused()
    {
        using var copy = Damaged(_ => { });
        TensorFile.EditConfig(copy.Path, c => c["torch_dtype"] = "bfloat16");
        Expect(ModelErrorCode.DTypeMismatch, copy.Path, copy.File("model.safetensors"));
    }

    [Theory]
    [InlineData(Q0)]
    [InlineData("model.layers.1.input_layernorm.weight")]
    [InlineData("model.embed_tokens.weight")]
    public void A_NaN_weight_is_named(string tensor)
    {
        using var copy = Damaged(f => f.Replace(tensor, t =>
        {
            var data = (byte[])t.Data.Clone();
            BitConverter.GetBytes(float.NaN).CopyTo(data, 4);
            return t with { Data = data };
        }));
        Expect(ModelErrorCode.NonFiniteWeight, copy.Path, copy.File("model.safetensors"), tensor);
    }
}
