using System.Text.Json;
using System.Xml.Linq;

namespace Fpx.Scenarios.Tests.Common;

public class ResultWriterTests
{
    private static readonly ScenarioResult[] Rows =
    [
        new() { Scenario = "gaming", Mode = "round-robin", Policy = "fp16", Bits = 16, LatencyMeanUs = 1500, LatencyP99Us = 2100, Quality = 0.98, Metric = "bt_elo", Outcome = -40, CiLow = -80, CiHigh = 0, Decisions = 10 },
        new() { Scenario = "gaming", Mode = "round-robin", Policy = "fp4 <fast>", Bits = 4, LatencyMeanUs = 400, LatencyP99Us = 600, Metric = "bt_elo", Outcome = 40, CiLow = 10, CiHigh = 70, Decisions = 12,
            Extra = new SortedDictionary<string, double> { ["win_rate"] = 0.6 } },
    ];

    [Fact]
    public void JsonUsesTheAgreedSnakeCaseNamesAndRoundTrips()
    {
        string json = ResultWriter.ToJson(Rows);
        using var document = JsonDocument.Parse(json);
        var first = document.RootElement[0];
        foreach (string name in new[] { "policy", "bits", "latency_mean_us", "latency_p99_us", "quality", "outcome", "ci_low", "ci_high" })
        {
            Assert.True(first.TryGetProperty(name, out _), name);
        }
        Assert.Equal(JsonValueKind.Null, document.RootElement[1].GetProperty("quality").ValueKind);
        var back = ResultWriter.FromJson(json);
        Assert.Equal(Rows[1].Policy, back[1].Policy);
        Assert.Equal(0.6, back[1].Extra["win_rate"]);
    }

    [Fact]
    public void TableHasAHeaderAndOneLinePerRow()
    {
        var lines = ResultWriter.ToTable(Rows).TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Contains("latency_mean_us", lines[0]);
        Assert.Contains("win_rate", lines[0]);
        Assert.StartsWith("round-robin  fp16", lines[1]);
    }

    [Fact]
    public void SvgIsWellFormedWithAPointAndErrorBarPerRow()
    {
        var svg = XDocument.Parse(SvgPlot.Render(Rows, "win & lose"));
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(2 + 1, svg.Descendants(ns + "circle").Count()); // points plus one legend dot
        Assert.Contains(svg.Descendants(ns + "text"), t => t.Value == "fp4 <fast>");
        Assert.Equal("win & lose", svg.Descendants(ns + "text").First().Value);
        Assert.NotNull(XDocument.Parse(SvgPlot.Render([], "empty")).Root);
    }

    [Theory]
    [InlineData("fp16", 16.0)]
    [InlineData("fp8", 8.0)]
    [InlineData("fp4", 4.0)]
    [InlineData("fpx-g0.25", 7.0)]
    [InlineData("scripted", null)]
    [InlineData("fpx-g1.5", null)]
    public void VariantBitsFollowTheLabel(string variant, double? bits) => Assert.Equal(bits, VariantBits.Of(variant));
}
