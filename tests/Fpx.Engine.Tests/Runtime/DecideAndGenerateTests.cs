using System.Numerics.Tensors;
using Fpx.Engine.Quant;
using Fpx.Engine.Runtime;

namespace Fpx.Engine.Tests.Runtime;

public class DecideAndGenerateTests
{
    [Theory]
    [InlineData(ReferenceModels.GqaF32, WeightFormat.F32)]
    [InlineData(ReferenceModels.Qwen2BiasTiedBf16, WeightFormat.F32)]
    [InlineData(ReferenceModels.Qwen2BiasTiedBf16, WeightFormat.F16)]
    [InlineData(ReferenceModels.OddBiasF16, WeightFormat.F16)]
    public void A_decision_is_the_softmax_of_the_allowed_tokens_logits(string name, WeightFormat head)
    {
        var (tokens, _) = ReferenceModels.Reference(name);
        using var model = ModelFixtures.Load(name, ["fp4"], head: head);
        int[] allowed = [3, 17, 0, 42, 9];
        var session = model.CreateSession(model.GetVariant("fp4"));
        var probabilities = new float[allowed.Length];
        int best = session.Decide(tokens, allowed, probabilities);

        // The decision computed only five head rows; the full logits must agree with them.
        float[] full = session.Logits().ToArray();
        var expected = allowed.Select(t => full[t]).ToArray();
        TensorPrimitives.SoftMax(expected, expected);
        for (int i = 0; i < allowed.Length; i++)
        {
            Assert.Equal(expected[i], probabilities[i], 1e-5f);
        }
        Assert.Equal(1f, probabilities.Sum(), 1e-5f);
        Assert.Equal(Array.IndexOf(expected, expected.Max()), best);
        // With the logits already computed, a decision reads them.
        var again = new float[allowed.Length];
        Assert.Equal(best, session.Decide(allowed, again));
        Assert.Equal(expected, again, (x, y) => Math.Abs(x - y) < 1e-5f);
    }

    [Fact]
    public void Decisions_refuse_bad_arguments()
    {
        using var model = ModelFixtures.Load(ReferenceModels.GqaF32, ["fp8"]);
        var session = model.CreateSession(model.GetVariant("fp8"));
        var p = new float[2];
        Assert.Throws<InvalidOperationException>(() => session.Decide([1, 2], p));
        session.Append(1);
        Assert.Throws<ArgumentException>(() => session.Decide([], p));
        Assert.Throws<ArgumentException>(() => session.Decide([1, 2, 3], p));
        Assert.Throws<ArgumentOutOfRangeException>(() => session.Decide([1, 64], p));
    }

    [Fact]
    public void Greedy_generation_follows_the_argmax_chain()
    {
        var (tokens, _) = ReferenceModels.Reference(ReferenceModels.MqaShardedBf16);
        using var model = ModelFixtures.Load(ReferenceModels.MqaShardedBf16, ["fp16"]);
        var variant = model.GetVariant("fp16");
        var session = model.CreateSession(variant, 32);
        session.Append(tokens);
        var generated = new int[6];
        Assert.Equal(6, session.Generate(generated));

        var check = model.CreateSession(variant, 32);
        check.Append(tokens);
        foreach (int token in generated)
        {
            Assert.Equal(TensorPrimitives.IndexOfMax(check.Logits()), token);
            check.Append(token);
        }
        Assert.Equal(tokens.Length + 6, session.Length);
    }

    [Fact]
    public void Sampled_generation_is_reproducible_from_its_seed_and_stops_at_the_stop_token()
    {
        var (tokens, _) = ReferenceModels.Reference(ReferenceModels.GqaF32);
        using var model = ModelFixtures.Load(ReferenceModels.GqaF32, ["fp8"]);
        int[] Run(ulong seed, int stop = -1)
        {
            var session = model.CreateSession(model.GetVariant("fp8"), 64);
            session.Append(tokens);
            var output = new int[20];
            int n = session.Generate(output, new TokenSampler(temperature: 1.5, seed: seed), stop);
            return output[..n];
        }
        Assert.Equal(Run(5), Run(5));
        Assert.NotEqual(Run(5), Run(6));
        int[] all = Run(5);
        int[] stopped = Run(5, stop: all[3]);
        Assert.Equal(all[..(Array.IndexOf(all, all[3]) + 1)], stopped);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenSampler(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenSampler(double.NaN));
    }

    [Fact]
    public void A_sampler_at_low_temperature_picks_the_argmax_and_at_high_spreads()
    {
        float[] logits = [0f, 2f, 1f, -1f];
        var cold = new TokenSampler(0.01, seed: 1);
        Assert.All(Enumerable.Range(0, 50), _ => Assert.Equal(1, cold.Sample(logits)));
        var hot = new TokenSampler(100, seed: 1);
        Assert.Equal(4, Enumerable.Range(0, 400).Select(_ => hot.Sample(logits)).Distinct().Count());
    }
}
