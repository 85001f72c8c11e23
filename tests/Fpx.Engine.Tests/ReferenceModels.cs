using System.Text.Json;

namespace Fpx.Engine.Tests;

/// <summary>
/// The reference models under TestData/Models, written by tools/make_reference_models.py with an
/// independent PyTorch implementation, and their reference logits (float64 forward pass).
/// </summary>
internal static class ReferenceModels
{
    public const string GqaF32 = "llama-gqa-f32";
    public const string Qwen2BiasTiedBf16 = "qwen2-bias-tied-bf16";
    public const string OddBiasF16 = "llama-odd-bias-f16";
    public const string MqaShardedBf16 = "llama-mqa-sharded-bf16";

    public static readonly string[] All = [GqaF32, Qwen2BiasTiedBf16, OddBiasF16, MqaShardedBf16];

    public static string Root => Path.Combine(AppContext.BaseDirectory, "TestData", "Models");

    public static string Directory(string name) => Path.Combine(Root, name);

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (string name in All)
        {
            data.Add(name);
        }
        return data;
    }

    /// <summary>The reference token sequence and logits at every position ([tokens][vocab]).</summary>
    public static (int[] Tokens, float[][] Logits) Reference(string name)
    {
        string dir = Directory(name);
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "reference.json")));
        var root = json.RootElement;
        int[] tokens = root.GetProperty("tokens").EnumerateArray().Select(t => t.GetInt32()).ToArray();
        int rows = root.GetProperty("logits_shape")[0].GetInt32();
        int vocab = root.GetProperty("logits_shape")[1].GetInt32();
        byte[] raw = File.ReadAllBytes(Path.Combine(dir, root.GetProperty("logits_file").GetString()!));
        Assert.Equal(rows * vocab * 4, raw.Length);
        var logits = new float[rows][];
        for (int r = 0; r < rows; r++)
        {
            logits[r] = new float[vocab];
            Buffer.BlockCopy(raw, r * vocab * 4, logits[r], 0, vocab * 4);
        }
        return (tokens, logits);
    }

    /// <summary>Copies a reference model to a fresh temporary directory, for tests that damage or add files.</summary>
    public static TemporaryModel CopyToTemporary(string name)
    {
        string target = Path.Combine(Path.GetTempPath(), "fpx-tests", $"{name}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(target);
        foreach (string file in System.IO.Directory.GetFiles(Directory(name)))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
        return new TemporaryModel(target);
    }

    /// <summary>A model directory that is deleted on dispose.</summary>
    public sealed class TemporaryModel(string path) : IDisposable
    {
        public string Path { get; } = path;

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            try
            {
                System.IO.Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // A memory map of a failed test may still hold a file on some systems; the OS cleans /tmp.
            }
        }
    }

    /// <summary>max |a - b| / max |b|: the error measure of the logit tolerances.</summary>
    public static double RelativeMaxError(ReadOnlySpan<float> actual, ReadOnlySpan<float> reference)
    {
        double worst = 0, scale = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs((double)actual[i] - reference[i]));
            scale = Math.Max(scale, Math.Abs((double)reference[i]));
        }
        return worst / scale;
    }

    /// <summary>KL(softmax(p) ‖ softmax(q)) in double.</summary>
    public static double KlDivergence(ReadOnlySpan<float> referenceLogits, ReadOnlySpan<float> logits)
    {
        var p = LogSoftmax(referenceLogits);
        var q = LogSoftmax(logits);
        double kl = 0;
        for (int i = 0; i < p.Length; i++)
        {
            kl += Math.Exp(p[i]) * (p[i] - q[i]);
        }
        return kl;
    }

    private static double[] LogSoftmax(ReadOnlySpan<float> logits)
    {
        double max = double.NegativeInfinity;
        foreach (float l in logits)
        {
            max = Math.Max(max, l);
        }
        double sum = 0;
        foreach (float l in logits)
        {
            sum += Math.Exp(l - max);
        }
        double shift = max + Math.Log(sum);
        var result = new double[logits.Length];
        for (int i = 0; i < logits.Length; i++)
        {
            result[i] = logits[i] - shift;
        }
        return result;
    }
}
