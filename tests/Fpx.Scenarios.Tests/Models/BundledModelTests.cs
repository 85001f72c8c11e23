using System.Diagnostics;
using System.Text.Json;
using Fpx.Scenarios.Gaming;
using Fpx.Scenarios.Tests.Trading;
using Fpx.Scenarios.Trading;

namespace Fpx.Scenarios.Tests.Models;

/// <summary>
/// The bundled models (models/NAME) were trained on the vocabulary the harness uses now: a changed
/// token id without retraining (tools/train-models.sh) fails here, not silently in a match.
/// </summary>
public class BundledModelTests
{
    public static TheoryData<string> ModelNames => new() { "trading-small", "trading-base", "gaming-small", "gaming-base" };

    private static TokenVocabulary VocabularyOf(string model) => model.StartsWith("trading", StringComparison.Ordinal)
        ? TradingVocabulary.Instance
        : GamingVocabulary.Instance;

    private static string ModelDirectory(string model) => Path.Combine(TestDays.RepoRoot(), "models", model);

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void TokensConfigAndTaskAgreeWithTheCSharpVocabulary(string model)
    {
        string dir = ModelDirectory(model);
        var vocabulary = VocabularyOf(model);
        Assert.True(File.Exists(Path.Combine(dir, "tokens.json")), $"{dir}/tokens.json is missing: run tools/train-models.sh");
        Assert.Equal(vocabulary.ToJson(), File.ReadAllText(Path.Combine(dir, "tokens.json")));
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "config.json")));
        Assert.Equal(vocabulary.Size, config.RootElement.GetProperty("vocab_size").GetInt32());
        Assert.Equal("llama", config.RootElement.GetProperty("model_type").GetString());
        Assert.True(config.RootElement.GetProperty("max_position_embeddings").GetInt32() > vocabulary.ObservationLength);
        using var task = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "task.json")));
        Assert.Equal(vocabulary.Task, task.RootElement.GetProperty("task").GetString());
        Assert.Equal(vocabulary.ActionTokens, task.RootElement.GetProperty("allowed_action_tokens").EnumerateArray().Select(e => e.GetInt32()));
        Assert.True(new FileInfo(Path.Combine(dir, "model.safetensors")).Length < 8 << 20, "bundled models stay small");
    }

    [Theory]
    [InlineData("trading-small")]
    [InlineData("gaming-small")]
    public void PythonReadsTheSameIdsAndTheModelAnswersAnAllowedAction(string model)
    {
        string dir = ModelDirectory(model);
        var vocabulary = VocabularyOf(model);
        // Python's view of tokens.json: the id of every name, and the model's action for one C# observation.
        int[] observation = model.StartsWith("trading", StringComparison.Ordinal)
            ? TradingTokenizer.Observe(TestDays.Flat(36000, Enumerable.Repeat(100.0, 400).ToArray()), 36300, 10_000, 0, new TradingOptions())
            : GamingTokenizer.Observe(new GameState(new GameOptions()), 0);
        string script = """
            import json, subprocess, sys
            d = sys.argv[1]
            v = json.load(open(d + "/tokens.json"))
            print(" ".join(str(v["tokens"].index(n)) for n in sys.argv[3].split(",")))
            p = subprocess.run([sys.executable, sys.argv[2], d], input=sys.argv[4] + "\n", capture_output=True, text=True, check=True)
            print(p.stdout.strip().split("\n")[1])
            """;
        var names = Enumerable.Range(0, vocabulary.Size).Select(vocabulary.Name).Where(n => !n.Contains(',')).ToArray();
        string output = RunPython(script, dir, Path.Combine(TestDays.RepoRoot(), "tools", "model_agent.py"), string.Join(',', names), string.Join(' ', observation));
        var lines = output.Trim().Split('\n');
        Assert.Equal(names.Select(vocabulary.Id), lines[0].Split(' ').Select(int.Parse));
        var answer = lines[1].Split(' ');
        Assert.InRange(int.Parse(answer[0]), 0, vocabulary.ActionNames.Count - 1);
        Assert.Equal("fp16", answer[2]);
    }

    private static string RunPython(string script, params string[] args)
    {
        const string python = "/usr/bin/python3";
        Assert.True(File.Exists(python), "/usr/bin/python3 is missing: install python3-torch and python3-numpy (tools/install-test-peers.sh)");
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"python failed (is python3-torch installed?): {stderr}");
        return stdout;
    }
}
