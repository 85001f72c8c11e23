using System.Text.RegularExpressions;
using Fpx.Policy.Profiles;

namespace Fpx.Host.Tests.Cli;

/// <summary>The contract of `fpx profile` on a tiny model and a tiny calibration set: table, profile file, plot, exit codes.</summary>
[Collection("console")]
public class ProfileCommandTests
{
    private const string Gqa = "llama-gqa-f32";
    private static readonly int[] Actions = [10, 11, 12];

    /// <summary>A copy of the tiny model with a task.json (as the trainer writes) and a calibration set of <paramref name="examples"/> lines.</summary>
    private static (string Model, string Data) Setup(int examples = 24)
    {
        string model = CliRunner.Copy(Gqa);
        File.WriteAllText(Path.Combine(model, "task.json"), """{"task": "tiny", "allowed_action_tokens": [10, 11, 12]}""");
        var random = new Random(5);
        string data = Path.Combine(model, "calibration.jsonl");
        File.WriteAllLines(data, Enumerable.Range(0, examples).Select(i =>
            $$"""{"tokens": [{{string.Join(", ", Enumerable.Range(0, 3 + (i % 5)).Select(_ => random.Next(3, 64)))}}], "label": {{Actions[i % 3]}}}"""));
        return (model, data);
    }

    [Fact]
    public void Measures_every_variant_writes_the_profile_and_the_plot()
    {
        var (model, data) = Setup();
        string plot = Path.Combine(model, "frontier.svg");
        var (exit, output, error) = CliRunner.Run("profile", "--model", model, "--task", "tiny", "--data", data, "--plot", plot, "--warmup-ms", "0", "--threads", "1");
        Assert.True(exit == 0, error);
        string[] lines = output.Trim().Split('\n');
        string[] rows = [.. lines.Where(l => l.StartsWith("variant=", StringComparison.Ordinal))];
        Assert.All(rows, r => Assert.Matches(@"^variant=\S+ bits=[\d.]+ quality=[\d.]+ agreement=[\d.]+ accuracy=[\d.]+ mean_us=[\d.]+ p50_us=[\d.]+ p90_us=[\d.]+ p99_us=[\d.]+ frontier=(yes|no)$", r));
        Assert.StartsWith("variant=fp16 bits=16.000 quality=1.0000 agreement=1.0000 ", rows[0]); // fp16 is the reference of agreement
        Assert.Contains(rows, r => r.StartsWith("variant=fp4 ", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.EndsWith("frontier=yes", StringComparison.Ordinal));
        string profilePath = Path.Combine(model, "profiles", "tiny.json");
        Assert.Contains($"profile={profilePath} task=tiny examples=24 ", output);
        Assert.Contains($"plot={plot}", output);

        // The profile is valid, names every measured variant with a quality and a latency seed, and the task's actions.
        TaskProfile profile = TaskProfileJson.Parse(File.ReadAllBytes(profilePath));
        Assert.Equal(Actions, profile.ActionTokens);
        Assert.Equal(rows.Length, profile.VariantNames.Length);
        Assert.True(profile.TryGetVariant("fp16", out VariantProfile? fp16));
        Assert.Equal(1.0, fp16.Quality);
        Assert.NotNull(fp16.Latency);
        Assert.All(profile.VariantNames, n => Assert.True(profile.TryGetVariant(n, out VariantProfile? v) && v.Quality is >= 0 and <= 1 && v.Accuracy is not null));

        string svg = File.ReadAllText(plot);
        Assert.Contains("<svg", svg);
        Assert.Contains("fp16", svg);

        // A second run keeps what a quant chose (utility, on_miss) and refreshes the measurements.
        string edited = File.ReadAllText(profilePath).Replace("\"on_miss\": \"degrade\"", "\"on_miss\": \"reject\"", StringComparison.Ordinal);
        Assert.NotEqual(File.ReadAllText(profilePath), edited);
        File.WriteAllText(profilePath, edited);
        Assert.Equal(0, CliRunner.Run("profile", "--model", model, "--task", "tiny", "--data", data, "--warmup-ms", "0", "--threads", "1", "--limit", "6").Exit);
        Assert.Equal(MissPolicy.Reject, TaskProfileJson.Parse(File.ReadAllBytes(profilePath)).OnMiss);
        Directory.Delete(model, recursive: true);
    }

    [Theory]
    [InlineData("""{"tokens": [1, 64]}""", 1, "64")] // outside the vocabulary
    [InlineData("""{"tokens": [1, 2], "label": 9}""", 1, "label")] // not an action token
    [InlineData("""{"tokens": "1 2"}""", 1, "tokens")]
    [InlineData(null, 2, "--task")] // bad task name
    public void Bad_input_exits_non_zero_and_says_why(string? line, int expected, string named)
    {
        var (model, data) = Setup(examples: 3);
        string task = "tiny";
        if (line is null)
        {
            task = "Not A Task";
        }
        else
        {
            File.AppendAllLines(data, [line]);
        }

        var (exit, output, error) = CliRunner.Run("profile", "--model", model, "--task", task, "--data", data, "--warmup-ms", "0", "--threads", "1");
        Assert.Equal(expected, exit);
        Assert.StartsWith("fpx: ", error);
        Assert.Contains(named, error);
        Assert.False(File.Exists(Path.Combine(model, "profiles", "tiny.json")));
        Assert.DoesNotContain("variant=", output);
        Directory.Delete(model, recursive: true);
    }
}
