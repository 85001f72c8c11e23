using Fpx.Engine.Model;
using Fpx.Engine.Runtime;

namespace Fpx.Engine.Tests.Runtime;

public class RandomModelTests
{
    private static readonly ModelConfig Small = new()
    {
        HiddenSize = 96, IntermediateSize = 200, Layers = 2, Heads = 6, KvHeads = 2, HeadDim = 16, VocabSize = 500, MaxPositions = 64,
    };

    [Fact]
    public void Random_models_are_reproducible_from_their_seed()
    {
        float[] Logits(int seed)
        {
            using var model = TransformerModel.CreateRandom(Small, new ModelLoadOptions { Variants = ["fp8", "fpx-g0.50"] }, seed);
            var session = model.CreateSession(model.GetVariant("fpx-g0.50"));
            session.Append([1, 2, 3, 4]);
            Assert.Null(model.Fingerprint);
            Assert.StartsWith("synthetic", model.LadderSource);
            return session.Logits().ToArray();
        }
        Assert.Equal(Logits(3), Logits(3));
        Assert.NotEqual(Logits(3), Logits(4));
    }

    [Fact]
    public void Random_models_produce_finite_spread_out_logits()
    {
        using var model = TransformerModel.CreateRandom(Small, new ModelLoadOptions { Variants = ["fp16", "fp4"] });
        var session = model.CreateSession(model.GetVariant("fp4"));
        session.Append(Enumerable.Range(0, 30).ToArray());
        var logits = session.Logits().ToArray();
        Assert.All(logits, l => Assert.True(float.IsFinite(l)));
        Assert.True(logits.Max() - logits.Min() > 1);
        Assert.Equal(Small.Parameters, model.Config.Parameters);
    }

    [Fact]
    public void An_invalid_config_is_refused()
    {
        var bad = new ModelConfig { HiddenSize = 96, IntermediateSize = 200, Layers = 2, Heads = 6, KvHeads = 4, HeadDim = 16, VocabSize = 500 };
        Assert.Equal(ModelErrorCode.ConfigInvalid, Assert.Throws<ModelFormatException>(() => TransformerModel.CreateRandom(bad)).Code);
    }
}
