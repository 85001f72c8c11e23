using System.Text;
using Fpx.Engine.Model;

namespace Fpx.Engine.Tests.Model;

public class ModelConfigTests
{
    private const string Valid = """
        {"model_type": "llama", "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2,
         "num_attention_heads": 4, "num_key_value_heads": 2, "vocab_size": 100, "rms_norm_eps": 1e-5,
         "rope_theta": 10000.0, "tie_word_embeddings": false, "torch_dtype": "bfloat16", "hidden_act": "silu", "rope_scaling": null}
        """;

    private static ModelConfig Parse(string json) => ModelConfig.Parse(Encoding.UTF8.GetBytes(json), "config.json");

    private static string With(string field, string value) =>
        Valid.Replace($"\"{field}\": ", $"\"ignored_{field}\": ").Replace("{", $"{{\"{field}\": {value}, ", StringComparison.Ordinal);

    [Fact]
    public void Reads_the_fields_and_the_defaults_of_LlamaConfig()
    {
        var c = Parse(Valid);
        Assert.Equal((64, 128, 2, 4, 2, 16, 100), (c.HiddenSize, c.IntermediateSize, c.Layers, c.Heads, c.KvHeads, c.HeadDim, c.VocabSize));
        Assert.Equal(TensorDType.BF16, c.DType);
        Assert.False(c.QkvBias);
        Assert.False(c.OutputBias);
        Assert.Equal(2048, c.MaxPositions);
        var minimal = Parse("""{"model_type": "llama", "hidden_size": 8, "intermediate_size": 8, "num_hidden_layers": 1, "num_attention_heads": 2, "vocab_size": 5}""");
        Assert.Equal(2, minimal.KvHeads);
        Assert.Equal(1e-6, minimal.RmsNormEps);
        Assert.Equal(10000, minimal.RopeTheta);
        Assert.Null(minimal.DType);
    }

    [Fact]
    public void Qwen2_has_qkv_biases_and_Llama_attention_bias_adds_all_four()
    {
        var qwen = Parse(With("model_type", "\"qwen2\""));
        Assert.True(qwen.QkvBias);
        Assert.False(qwen.OutputBias);
        var llama = Parse(With("attention_bias", "true"));
        Assert.True(llama.QkvBias);
        Assert.True(llama.OutputBias);
    }

    [Fact]
    public void An_explicit_head_dim_wins()
    {
        var c = Parse(With("head_dim", "24"));
        Assert.Equal(24, c.HeadDim);
        Assert.Equal(96, c.QueryDim);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("{\"model_type\": \"llama\"}")]
    public void Malformed_or_incomplete_configs_are_invalid(string json)
    {
        var e = Assert.Throws<ModelFormatException>(() => Parse(json));
        Assert.Equal(ModelErrorCode.ConfigInvalid, e.Code);
        Assert.Contains("config.json", e.Message);
    }

    [Theory]
    [InlineData("hidden_size", "\"64\"")]
    [InlineData("hidden_size", "64.5")]
    [InlineData("hidden_size", "0")]
    [InlineData("hidden_size", "1e12")]
    [InlineData("num_key_value_heads", "3")]
    [InlineData("num_key_value_heads", "8")]
    [InlineData("vocab_size", "-1")]
    [InlineData("rms_norm_eps", "0")]
    [InlineData("rope_theta", "\"big\"")]
    [InlineData("tie_word_embeddings", "1")]
    [InlineData("head_dim", "7")]
    [InlineData("num_hidden_layers", "100000")]
    public void Out_of_range_or_mistyped_fields_are_invalid(string field, string value)
    {
        var e = Assert.Throws<ModelFormatException>(() => Parse(With(field, value)));
        Assert.Equal(ModelErrorCode.ConfigInvalid, e.Code);
    }

    [Theory]
    [InlineData("model_type", "\"gpt2\"")]
    [InlineData("hidden_act", "\"gelu\"")]
    [InlineData("rope_scaling", "{\"rope_type\": \"llama3\", \"factor\": 8.0}")]
    [InlineData("use_sliding_window", "true")]
    [InlineData("mlp_bias", "true")]
    [InlineData("torch_dtype", "\"float8_e4m3fn\"")]
    public void What_Fpx_would_compute_differently_is_unsupported(string field, string value)
    {
        var e = Assert.Throws<ModelFormatException>(() => Parse(With(field, value)));
        Assert.Equal(ModelErrorCode.ConfigUnsupported, e.Code);
    }

    [Fact]
    public void Default_rope_scaling_is_accepted()
    {
        Assert.Equal(64, Parse(With("rope_scaling", "{\"rope_type\": \"default\"}")).HiddenSize);
    }

    [Fact]
    public void Error_codes_have_stable_snake_case_names()
    {
        Assert.Equal("dtype_unsupported", ModelErrorCode.DTypeUnsupported.Name());
        Assert.Equal("header_too_large", ModelErrorCode.HeaderTooLarge.Name());
        Assert.Equal("directory_not_found", ModelErrorCode.DirectoryNotFound.Name());
        Assert.Equal("calibration_data_invalid", ModelErrorCode.CalibrationDataInvalid.Name());
        Assert.Equal(Enum.GetValues<ModelErrorCode>().Length, Enum.GetValues<ModelErrorCode>().Select(c => c.Name()).Distinct().Count());
    }
}
