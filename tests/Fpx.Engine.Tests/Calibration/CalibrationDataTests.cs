using Fpx.Engine.Calibration;
using Fpx.Engine.Model;

namespace Fpx.Engine.Tests.Calibration;

public class CalibrationDataTests
{
    private static readonly ModelConfig Config = new() { HiddenSize = 8, IntermediateSize = 8, Layers = 1, Heads = 2, KvHeads = 1, HeadDim = 4, VocabSize = 100, MaxPositions = 16 };

    [Fact]
    public void Parses_sequences_separated_by_commas_or_whitespace_and_skips_comments()
    {
        var data = CalibrationData.Parse("# calibration\n1,2,3\n\n 4 5\t6 \r\n7, 8,9,\n", Config, "/tmp/data.txt");
        Assert.Equal([[1, 2, 3], [4, 5, 6], [7, 8, 9]], data.Sequences);
        Assert.Equal(9, data.TotalTokens);
        Assert.Equal("data.txt", data.Source);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment")]
    [InlineData("1,2,x")]
    [InlineData("1,-2")]
    [InlineData("1,100")]
    [InlineData("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17")]
    [InlineData("99999999999")]
    public void Bad_files_are_calibration_data_invalid(string text)
    {
        var e = Assert.Throws<ModelFormatException>(() => CalibrationData.Parse(text, Config, "data.txt"));
        Assert.Equal(ModelErrorCode.CalibrationDataInvalid, e.Code);
        Assert.Contains("data.txt", e.Message);
    }

    [Fact]
    public void The_default_is_seeded_random_tokens_within_the_vocabulary()
    {
        var a = CalibrationData.Default(Config);
        var b = CalibrationData.Default(Config);
        Assert.Equal(a.Sequences, b.Sequences);
        Assert.Equal(CalibrationData.DefaultSequences, a.Sequences.Count);
        Assert.All(a.Sequences, s => Assert.Equal(16, s.Length)); // capped by max_position_embeddings
        Assert.All(a.Sequences.SelectMany(s => s), t => Assert.InRange(t, 0, 99));
        Assert.Contains("seed=1", a.Source);
    }
}
