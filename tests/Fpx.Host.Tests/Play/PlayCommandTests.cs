using System.Text.Json;
using Fpx.Host.Tests.Cli;

namespace Fpx.Host.Tests.Play;

public class PlayCommandTests
{
    private static readonly string[] ContractKeys = ["policy", "bits", "latency_mean_us", "latency_p99_us", "quality", "outcome", "ci_low", "ci_high"];

    private static (int Exit, string Out, string Error) PlayTrading(string data, string json, string? plot = null) =>
        CliRunner.Run([
            "play", "trading", "--quick", "--data", data, "--model", PlayFixtures.Model("trading-small"),
            "--variants", "fp16,fp4", "--latency-us", "fp16=600,fp4=150", "--json", json, .. plot is null ? Array.Empty<string>() : ["--plot", plot],
        ]);

    [Fact]
    public void Play_trading_prints_the_table_and_writes_the_json_rows_and_the_plot()
    {
        string data = PlayFixtures.TinyMarketDay();
        string json = PlayFixtures.TempPath("rows.json");
        string plot = PlayFixtures.TempPath("plot.svg");
        var (exit, output, error) = PlayTrading(data, json, plot);
        Assert.True(exit == 0, error);

        // The table: a header with the contract's columns, then solo and arena rows for every contestant.
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')).ToList();
        var header = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["mode", "policy", "bits", "latency_mean_us", "latency_p99_us", "quality", "metric", "outcome", "ci_low", "ci_high"], header.Take(10));
        var rows = lines.Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(["solo fp16", "solo fp4", "solo adaptive", "arena fp16", "arena fp4", "arena adaptive"], rows.Select(r => $"{r[0]} {r[1]}"));
        Assert.Contains("# latency: fixed by --latency-us", output);
        Assert.Contains("# adaptive chose (solo):", output);

        // The JSON: a list of objects with the contract's keys, numbers where numbers belong.
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(JsonValueKind.Array, document.RootElement.ValueKind);
        Assert.Equal(6, document.RootElement.GetArrayLength());
        foreach (var row in document.RootElement.EnumerateArray())
        {
            foreach (string key in ContractKeys)
            {
                Assert.True(row.TryGetProperty(key, out _), $"missing {key}");
            }
            Assert.Equal("daily_yield", row.GetProperty("metric").GetString());
            Assert.True(row.GetProperty("ci_low").GetDouble() <= row.GetProperty("outcome").GetDouble() + 1e-12);
            Assert.True(row.GetProperty("outcome").GetDouble() <= row.GetProperty("ci_high").GetDouble() + 1e-12);
        }
        var fp4 = document.RootElement.EnumerateArray().First(r => r.GetProperty("policy").GetString() == "fp4");
        Assert.Equal(4, fp4.GetProperty("bits").GetDouble());
        Assert.Equal(150, fp4.GetProperty("latency_mean_us").GetDouble());
        Assert.StartsWith("<svg", File.ReadAllText(plot));
    }

    [Fact]
    public void A_virtual_run_with_fixed_latencies_is_deterministic()
    {
        string data = PlayFixtures.TinyMarketDay(seconds: 420);
        string a = PlayFixtures.TempPath("a.json"), b = PlayFixtures.TempPath("b.json");
        Assert.Equal(0, PlayTrading(data, a).Exit);
        Assert.Equal(0, PlayTrading(data, b).Exit);
        Assert.Equal(File.ReadAllText(a), File.ReadAllText(b));
    }

    [Fact]
    public void A_model_of_another_task_is_a_usage_error()
    {
        var (exit, _, error) = CliRunner.Run("play", "trading", "--data", "x.json", "--model", PlayFixtures.Model("gaming-small"));
        Assert.Equal(2, exit);
        Assert.Contains("task is 'gaming', not 'trading'", error);
    }

    [Fact]
    public void Model_and_host_exclude_each_other()
    {
        var (exit, _, error) = CliRunner.Run("play", "gaming", "--model", PlayFixtures.Model("gaming-small"), "--host", "127.0.0.1:1");
        Assert.Equal(2, exit);
        Assert.Contains("--model and --host", error);
    }

    [Theory]
    [InlineData("play")]
    [InlineData("play", "trading")]
    [InlineData("play", "gaming")]
    [InlineData("demo")]
    [InlineData("export-data")]
    public void Every_new_verb_has_help(params string[] verb)
    {
        var (exit, output, _) = CliRunner.Run([.. verb, "--help"]);
        Assert.Equal(0, exit);
        Assert.Contains("Usage:", output);
    }
}
