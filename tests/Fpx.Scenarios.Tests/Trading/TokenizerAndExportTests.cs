using Fpx.Scenarios.Trading;

namespace Fpx.Scenarios.Tests.Trading;

public class TokenizerAndExportTests
{
    private static readonly TokenVocabulary Vocabulary = TradingVocabulary.Instance;

    [Fact]
    public void ObservationBucketsDescribeReturnsPositionCashAndTime()
    {
        // 10:00:00 onward, flat at 100 then +0.5% from two seconds before the decision.
        int start = 10 * 3600;
        var prices = Enumerable.Repeat(100.0, 400).Append(100.5).Append(100.5).ToArray();
        var day = TestDays.Flat(start, prices);
        double t = start + 401;
        var tokens = TradingTokenizer.Observe(day, t, cash: 5_000, positionLots: 2, new TradingOptions());
        var b = Vocabulary.Decode(tokens);
        string Label(string field) => Vocabulary.Field(field).Labels[b[Vocabulary.Fields.ToList().IndexOf(Vocabulary.Field(field))]];
        Assert.Equal("-0.5..0.5", Label("ret_1s"));  // 100.5 a second ago too: flat
        Assert.Equal(">=31.62", Label("ret_10s"));   // +50 bp over 10 s, above 10 * sqrt(10)
        Assert.Equal("+2/4", Label("position"));
        Assert.Equal("0.5..0.75", Label("cash"));
        Assert.Equal("0.1..0.4", Label("holdings")); // 20 shares * 100.5 / 10000 = 0.201
        Assert.Equal("10:00", Label("time"));
    }

    [Fact]
    public async Task ExportWritesDecodableExamplesAndAManifest()
    {
        var day = TestDays.Flat(100, Enumerable.Range(0, 80).Select(i => 100 + 0.05 * Math.Sin(i / 3.0)).ToArray());
        string dir = Path.Combine(Path.GetTempPath(), $"fpx-trading-ds-{Guid.NewGuid():N}");
        try
        {
            var exporter = new TradingDatasetExporter { Passes = 2 };
            var (train, heldout) = await exporter.ExportAsync([day], [], dir, TestDays.Options);
            Assert.Equal(160, train + heldout);
            Assert.Equal(2 * 20, heldout); // the last quarter of each pass
            var lines = File.ReadAllLines(Path.Combine(dir, "train.txt"));
            Assert.Equal(train, lines.Length);
            foreach (string line in lines)
            {
                var ids = line.Split(' ').Select(int.Parse).ToArray();
                Vocabulary.Decode(ids[..^1]);
                Assert.InRange(Vocabulary.ActionIndexOf(ids[^1]), 0, 2);
            }
            Assert.Equal(Vocabulary.ToJson(), File.ReadAllText(Path.Combine(dir, "tokens.json")));
            Assert.Contains("\"train_examples\": 120", File.ReadAllText(Path.Combine(dir, "manifest.json")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
