using System.Text.Json;

namespace Fpx.Load.Tests;

public class ReportTests
{
    private static async Task<(LoadReport Report, IReadOnlyList<ThresholdResult> Verdicts)> SampleAsync()
    {
        int n = 0;
        ScenarioStep step = _ => ValueTask.FromResult(Interlocked.Increment(ref n) % 10 == 0
            ? StepResult.Fail("expired")
            : StepResult.Ok(n % 2 == 0 ? "fp8" : "fp4", deadlineMet: n % 7 != 0));
        LoadReport report = await Fakes.RunAsync(Fakes.Scenario("trading", step, rate: 1000, seconds: 0.3), Fakes.Scenario("gaming", Fakes.After(TimeSpan.Zero, "fp16"), rate: 200, seconds: 0.3));
        return (report, Threshold.EvaluateAll([Threshold.Parse("p99<1s"), Threshold.Parse("trading:fail<1%")], report));
    }

    [Fact]
    public async Task Markdown_has_a_table_per_scenario_failures_variants_and_thresholds()
    {
        (LoadReport report, IReadOnlyList<ThresholdResult> verdicts) = await SampleAsync();
        string md = MarkdownReport.Write(report, verdicts);
        Assert.Contains("## Scenario `trading`", md);
        Assert.Contains("## Scenario `gaming`", md);
        Assert.Contains("| requests | ok | failed | fail rate | rps | p50 | p75 | p95 | p99 | p99.9 | max | deadline miss |", md);
        Assert.Contains("| 300 | 270 | 30 | 10% | 1000.0 |", md);
        Assert.Contains("| `expired` | 30 | 10% |", md);
        Assert.Contains("| fp8 |", md);
        Assert.Contains("| **FAIL** | trading | `trading:fail<1%` | 10% |", md);
        Assert.Contains("| pass | gaming | `p99<1s` |", md);
    }

    [Fact]
    public async Task Html_is_self_contained_with_inline_svg_charts()
    {
        (LoadReport report, IReadOnlyList<ThresholdResult> verdicts) = await SampleAsync();
        string html = HtmlReport.Write(report, verdicts);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Equal(4, html.Split("<svg ").Length - 1); // latency and throughput per scenario
        Assert.Contains("<polyline", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http", html, StringComparison.OrdinalIgnoreCase); // nothing fetched from anywhere
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<code>trading:fail&lt;1%</code>", html);
    }

    [Fact]
    public async Task Json_has_the_documented_keys_per_scenario_and_per_variant()
    {
        (LoadReport report, IReadOnlyList<ThresholdResult> verdicts) = await SampleAsync();
        using JsonDocument doc = JsonDocument.Parse(JsonReport.Write(report, verdicts));
        JsonElement root = doc.RootElement;
        Assert.False(root.GetProperty("passed").GetBoolean());
        Assert.Equal(3, root.GetProperty("thresholds").GetArrayLength());
        JsonElement trading = root.GetProperty("scenarios")[0];
        Assert.Equal("trading", trading.GetProperty("scenario").GetString());
        Assert.Equal(300, trading.GetProperty("requests").GetInt64());
        Assert.Equal(270, trading.GetProperty("ok").GetInt64());
        Assert.Equal(30, trading.GetProperty("failed").GetProperty("expired").GetInt64());
        foreach (string key in new[] { "rps", "p50_us", "p99_us", "p999_us", "max_us", "deadline_miss_rate" })
        {
            Assert.Equal(JsonValueKind.Number, trading.GetProperty(key).ValueKind);
        }

        JsonElement fp8 = trading.GetProperty("variants").GetProperty("fp8");
        Assert.True(fp8.GetProperty("requests").GetInt64() > 0);
        Assert.Equal(JsonValueKind.Number, fp8.GetProperty("p99_us").ValueKind);
        Assert.True(fp8.GetProperty("deadline_miss_rate").GetDouble() > 0);
        Assert.Equal(300, trading.GetProperty("timeline").EnumerateArray().Sum(p => p.GetProperty("requests").GetInt64()));
        Assert.False(root.TryGetProperty("requests", out _)); // two scenarios: no top-level copy

        using JsonDocument one = JsonDocument.Parse(JsonReport.Write(new LoadReport(report.StartedAt, 1, [report["gaming"]])));
        Assert.Equal(60, one.RootElement.GetProperty("requests").GetInt64());
        Assert.True(one.RootElement.GetProperty("passed").GetBoolean());
    }

    [Fact]
    public async Task Text_keeps_the_first_verbs_line_format()
    {
        (LoadReport report, IReadOnlyList<ThresholdResult> verdicts) = await SampleAsync();
        string text = TextReport.Write(report, verdicts);
        Assert.Contains("scenario=trading requests=300 ok=270 failed=30", text);
        Assert.Contains("latency count=300 p50_us=", text);
        Assert.Contains("outcomes ok=270 expired=30", text);
        Assert.Contains("variant fp16 count=60", text);
        Assert.Contains("FAIL trading trading:fail<1% (measured 10%)", text);
    }
}
