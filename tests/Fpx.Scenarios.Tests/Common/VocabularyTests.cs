using System.Text.Json;

namespace Fpx.Scenarios.Tests.Common;

public class VocabularyTests
{
    private static readonly TokenVocabulary Vocabulary = new TokenVocabularyBuilder("demo", 1)
        .Field("a", 3)
        .Field("b", "lo", "hi")
        .Actions("stay", "go")
        .Build();

    [Fact]
    public void IdsAreAssignedSpecialsThenFieldsThenActions()
    {
        Assert.Equal(3 + 3 + 2 + 2, Vocabulary.Size);
        Assert.Equal(3, Vocabulary.Field("a").First);
        Assert.Equal(6, Vocabulary.Field("b").First);
        Assert.Equal([8, 9], Vocabulary.ActionTokens);
        Assert.Equal("b:hi", Vocabulary.Name(7));
        Assert.Equal(9, Vocabulary.Id("act:go"));
        Assert.Equal(1, Vocabulary.ActionIndexOf(9));
        Assert.Equal(-1, Vocabulary.ActionIndexOf(7));
    }

    [Fact]
    public void EncodeDecodeRoundTripsAndClampsBuckets()
    {
        int[] tokens = Vocabulary.Encode([2, 1]);
        Assert.Equal([TokenVocabulary.Bos, 5, 7, TokenVocabulary.Decide], tokens);
        Assert.Equal([2, 1], Vocabulary.Decode(tokens));
        Assert.Equal(Vocabulary.Encode([2, 0]), Vocabulary.Encode([9, -3])); // out of range falls in the edge buckets
        Assert.Equal("<bos> a:2 b:hi <decide>", Vocabulary.Describe(tokens));
        Assert.Throws<FormatException>(() => Vocabulary.Decode([TokenVocabulary.Bos, 6, 7, TokenVocabulary.Decide]));
        Assert.Throws<FormatException>(() => Vocabulary.Decode([TokenVocabulary.Bos, 5, 7]));
    }

    [Fact]
    public void JsonExportListsEveryTokenByIdAndTheActions()
    {
        using var json = JsonDocument.Parse(Vocabulary.ToJson());
        var root = json.RootElement;
        Assert.Equal("demo", root.GetProperty("task").GetString());
        Assert.Equal(Vocabulary.Size, root.GetProperty("vocab_size").GetInt32());
        Assert.Equal(Vocabulary.Size, root.GetProperty("tokens").GetArrayLength());
        Assert.Equal("act:stay", root.GetProperty("tokens")[8].GetString());
        Assert.Equal([8, 9], root.GetProperty("actions").GetProperty("tokens").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(4, root.GetProperty("observation_length").GetInt32());
    }

    [Fact]
    public void BucketsSplitAtEdges()
    {
        double[] edges = [1, 2];
        Assert.Equal(0, Buckets.Of(0.5, edges));
        Assert.Equal(1, Buckets.Of(1, edges));
        Assert.Equal(2, Buckets.Of(7, edges));
        Assert.Equal(["<1", "1..2", ">=2"], Buckets.Labels(edges));
    }

    [Fact]
    public void BuilderRejectsDuplicatesAndMissingParts()
    {
        Assert.Throws<ArgumentException>(() => new TokenVocabularyBuilder("x", 1).Field("a", "p", "p"));
        Assert.Throws<ArgumentException>(() => new TokenVocabularyBuilder("x", 1).Field("a", 2).Field("a", 2));
        Assert.Throws<InvalidOperationException>(() => new TokenVocabularyBuilder("x", 1).Field("a", 2).Build());
    }
}
