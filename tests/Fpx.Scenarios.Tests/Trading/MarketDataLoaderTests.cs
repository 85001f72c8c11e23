using Fpx.Scenarios.Trading;

namespace Fpx.Scenarios.Tests.Trading;

public class MarketDataLoaderTests
{
    private const string Good = """{"2025-04-04": {"09:30:00": {"open": 1, "high": 2, "low": 0.5, "close": 1.5, "volume": 9}, "09:30:02": {"open": 1.5, "high": 1.5, "low": 1.5, "close": 1.5}}}""";

    [Fact]
    public void LoadsBarsInOrderAndIgnoresExtraFields()
    {
        var day = Assert.Single(MarketDataLoader.Parse(System.Text.Encoding.UTF8.GetBytes(Good), "good.json"));
        Assert.Equal("good/2025-04-04", day.Name);
        Assert.Equal(2, day.Bars.Count);
        Assert.Equal(9 * 3600 + 30 * 60 + 2, day.Bars[1].Second);
        Assert.Equal(new OhlcBar(34200, 1, 2, 0.5, 1.5), day.Bars[0]);
    }

    [Theory]
    [InlineData("""{"2025-04-04": {"09:30:00": {"open": 1, "high": 2""", null, "malformed JSON at line 1")]
    [InlineData("""[1, 2]""", null, "the root must be an object")]
    [InlineData("""{}""", null, "no dates")]
    [InlineData("""{"04/04/2025": {}}""", "04/04/2025", "YYYY-MM-DD")]
    [InlineData("""{"2025-04-04": {}}""", "2025-04-04", "no bars")]
    [InlineData("""{"2025-04-04": {"9:30": {"open": 1, "high": 1, "low": 1, "close": 1}}}""", "2025-04-04/9:30", "HH:MM:SS")]
    [InlineData("""{"2025-04-04": {"09:30:00": {"open": 1, "high": 1, "low": 1}}}""", "2025-04-04/09:30:00", "missing field 'close'")]
    [InlineData("""{"2025-04-04": {"09:30:00": {"open": 1, "high": "2", "low": 1, "close": 1}}}""", "2025-04-04/09:30:00/high", "positive finite number")]
    [InlineData("""{"2025-04-04": {"09:30:00": {"open": 1, "high": 1, "low": 2, "close": 1}}}""", "2025-04-04/09:30:00", "high (1) is below low (2)")]
    [InlineData("""{"2025-04-04": {"09:30:00": {"open": 3, "high": 2, "low": 1, "close": 1}}}""", "2025-04-04/09:30:00", "within [low, high]")]
    [InlineData("""{"2025-04-04": {"09:30:05": {"open": 1, "high": 1, "low": 1, "close": 1}, "09:30:01": {"open": 1, "high": 1, "low": 1, "close": 1}}}""", "2025-04-04/09:30:01", "out of order")]
    [InlineData("""{"2025-04-04": {"09:30:05": {"open": 1, "high": 1, "low": 1, "close": 1}, "09:30:05": {"open": 1, "high": 1, "low": 1, "close": 1}}}""", "2025-04-04/09:30:05", "duplicate")]
    public void DefectsNameTheFileAndTheKey(string json, string? key, string reason)
    {
        string path = TestDays.WriteTemp(json);
        try
        {
            var e = Assert.Throws<MarketDataException>(() => MarketDataLoader.Load(path));
            Assert.Equal(path, e.File);
            Assert.Equal(key, e.Key);
            Assert.Contains(reason, e.Message);
            Assert.StartsWith(path + ": ", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void MissingFileIsAMarketDataError()
    {
        var e = Assert.Throws<MarketDataException>(() => MarketDataLoader.Load("/nonexistent/day.json"));
        Assert.Contains("cannot read", e.Message);
    }

    [Fact]
    public void TheSharedDaysLoad()
    {
        var days = MarketDataLoader.LoadFiles(Directory.GetFiles(TestDays.MarketData(), "*.json").Order());
        Assert.True(days.Count >= 2, "two bundled days");
        Assert.All(days, d => Assert.InRange(d.Bars.Count, 10_000, 23_401));
        Assert.All(days, d => Assert.Equal(16 * 3600 + 1, d.End));
    }
}
