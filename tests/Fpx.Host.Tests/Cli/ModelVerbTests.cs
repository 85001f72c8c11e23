using System.Text.Json;
using System.Text.RegularExpressions;

namespace Fpx.Host.Tests.Cli;

/// <summary>The contract of `fpx run`, `fpx variants`, `fpx calibrate` and `fpx bench decode`: output lines and exit codes.</summary>
[Collection("console")]
public class ModelVerbTests
{
    private const string Gqa = "llama-gqa-f32";

    [Fact]
    public void Run_prints_the_top_tokens_and_writes_the_reference_logits()
    {
        string logitsFile = Path.Combine(Path.GetTempPath(), $"fpx-logits-{Guid.NewGuid():N}.f32");
        var reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(CliRunner.Model(Gqa), "reference.json"))).RootElement;
        string tokens = string.Join(",", reference.GetProperty("tokens").EnumerateArray().Select(t => t.GetInt32()));
        var (exit, output, _) = CliRunner.Run("run", "--model", CliRunner.Model(Gqa), "--variant", "f32", "--tokens", tokens, "--logits-out", logitsFile, "--top", "3");
        Assert.Equal(0, exit);
        var lines = output.Trim().Split('\n');
        Assert.Matches(@"^variant=f32 tokens=12 prefill_us_per_token=[\d.]+ decode_us_per_token=[\d.]+$", lines[0]);
        Assert.Equal(3, lines.Count(l => Regex.IsMatch(l, @"^rank=\d token=\d+ logit=\S+ p=[\d.]+$")));

        // The written logits are the last position's, little-endian float32: compare with PyTorch.
        byte[] written = File.ReadAllBytes(logitsFile);
        byte[] all = File.ReadAllBytes(Path.Combine(CliRunner.Model(Gqa), "logits.f32"));
        Assert.Equal(64 * 4, written.Length);
        var ours = Enumerable.Range(0, 64).Select(i => BitConverter.ToSingle(written, i * 4)).ToArray();
        var theirs = Enumerable.Range(0, 64).Select(i => BitConverter.ToSingle(all, (11 * 64 + i) * 4)).ToArray();
        double scale = theirs.Max(Math.Abs);
        Assert.True(ours.Zip(theirs, (a, b) => Math.Abs(a - b)).Max() / scale <= 1e-4);
        int best = Array.IndexOf(theirs, theirs.Max());
        Assert.StartsWith($"rank=1 token={best} ", lines[1]);
        File.Delete(logitsFile);
    }

    [Theory]
    [InlineData(2, "run", "--model", "/nonexistent/model", "--variant", "fp8", "--tokens", "1")]
    [InlineData(2, "run", "--model", "MODEL", "--variant", "fp5", "--tokens", "1")]
    [InlineData(2, "run", "--model", "MODEL", "--variant", "fp8", "--tokens", "1,x")]
    [InlineData(2, "run", "--model", "MODEL", "--variant", "fp8", "--tokens", "1,64")]
    [InlineData(2, "run", "--model", "MODEL", "--variant", "fp8")]
    [InlineData(2, "run", "--model", "MODEL", "--variant", "fp8", "--tokens", "1", "--fp4", "int4")]
    [InlineData(2, "variants", "--model", "MODEL", "--variants", "fp8,nope")]
    [InlineData(2, "calibrate", "--model", "MODEL", "--measure", "layer", "--order-by", "end-to-end")]
    [InlineData(2, "bench", "decode", "--hidden", "30", "--layers", "1", "--intermediate", "8", "--heads", "4", "--kv-heads", "1", "--vocab", "10", "--variant", "fp8")]
    [InlineData(2, "frobnicate")]
    public void Usage_errors_exit_with_2_and_say_why(int expected, params string[] args)
    {
        args = args.Select(a => a == "MODEL" ? CliRunner.Model(Gqa) : a).ToArray();
        var (exit, output, error) = CliRunner.Run(args);
        Assert.Equal(expected, exit);
        Assert.Equal("", output);
        Assert.StartsWith("fpx: ", error);
    }

    [Fact]
    public void A_corrupt_model_exits_with_1_and_names_the_file()
    {
        string copy = CliRunner.Copy(Gqa);
        try
        {
            string weights = Path.Combine(copy, "model.safetensors");
            File.WriteAllBytes(weights, File.ReadAllBytes(weights)[..1000]);
            var (exit, _, error) = CliRunner.Run("run", "--model", copy, "--variant", "fp8", "--tokens", "1");
            Assert.Equal(1, exit);
            Assert.Contains("fpx: error: ", error);
            Assert.Contains(weights, error);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void Variants_lists_every_variant_and_the_pool()
    {
        var (exit, output, _) = CliRunner.Run("variants", "--model", CliRunner.Model(Gqa), "--threads", "1");
        Assert.Equal(0, exit);
        var lines = output.Trim().Split('\n');
        var variants = lines.Where(l => l.StartsWith("variant=")).ToArray();
        Assert.Equal(13, variants.Length);
        Assert.All(variants, l => Assert.Matches(@"^variant=\S+ bits_per_weight=[\d.]+ fp4_layers=\d+/14 weight_bytes=\d+ resident_bytes=\d+$", l));
        Assert.StartsWith("variant=f32 bits_per_weight=32.000", variants[0]);
        Assert.StartsWith("variant=fp4 bits_per_weight=4.250 fp4_layers=14/14", variants[^1]);
        Assert.Equal(4, lines.Count(l => l.StartsWith("pool encoding=")));
    }

    [Fact]
    public void Calibrate_writes_the_ladder_that_later_loads_use()
    {
        string copy = CliRunner.Copy("qwen2-bias-tied-bf16");
        try
        {
            Calibrate(copy);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private static void Calibrate(string copy)
    {
        var (exit, output, _) = CliRunner.Run("calibrate", "--model", copy, "--threads", "1");
        Assert.Equal(0, exit);
        Assert.True(File.Exists(Path.Combine(copy, "fpx-ladder.mxfp4.json")));
        Assert.Matches(@"rankings spearman=-?[\d.]+ kendall_tau_b=-?[\d.]+ layers_moved=\d+/14", output);
        Assert.Equal(14, output.Split('\n').Count(l => l.StartsWith("rank=")));
        var (_, _, error) = CliRunner.Run("variants", "--model", copy, "--variants", "fpx-g0.5", "--threads", "1");
        Assert.Contains("fpx-ladder.mxfp4.json", error);

        File.WriteAllText(Path.Combine(copy, "tokens.txt"), "1,2,3\n4,5,999\n");
        var (bad, _, message) = CliRunner.Run("calibrate", "--model", copy, "--data", Path.Combine(copy, "tokens.txt"));
        Assert.Equal(1, bad);
        Assert.Contains("calibration_data_invalid", message);
    }

    [Fact]
    public void Bench_decode_prints_its_contract_line()
    {
        var (exit, output, _) = CliRunner.Run("bench", "decode", "--hidden", "64", "--layers", "2", "--intermediate", "128", "--heads", "4",
            "--kv-heads", "2", "--vocab", "100", "--variant", "fpx-g0.50", "--seconds", "0.05", "--context", "8", "--steps", "8");
        Assert.Equal(0, exit);
        Assert.Matches(@"^variant=fpx-g0.50 params=\d+ weight_bytes=\d+ step_us=[\d.]+ GBps=[\d.]+ prefill_tok_per_s=[\d.]+\n$", output);
        var (decision, line, _) = CliRunner.Run("bench", "decode", "--hidden", "64", "--layers", "2", "--intermediate", "128", "--heads", "4",
            "--kv-heads", "2", "--vocab", "100", "--variant", "fp4", "--seconds", "0.05", "--decision");
        Assert.Equal(0, decision);
        Assert.Matches(@"decision_us=[\d.]+\n$", line);
    }
}
