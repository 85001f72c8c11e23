using Fpx.Engine.Model;
using Fpx.Engine.Runtime;
using Fpx.Engine.Threading;

namespace Fpx.Engine.Tests.Runtime;

/// <summary>Steady-state decoding allocates nothing per token: buffers live in the session and the per-thread workspace.</summary>
public class AllocationTests
{
    [Theory]
    [InlineData("fp16")]
    [InlineData("fp8")]
    [InlineData("fp4")]
    [InlineData("fpx-g0.50")]
    public void Decode_steps_and_decisions_allocate_nothing(string variantName)
    {
        using var model = ModelFixtures.Load(ReferenceModels.Qwen2BiasTiedBf16, [variantName]);
        var session = model.CreateSession(model.GetVariant(variantName), 200);
        int[] allowed = [1, 5, 9, 33];
        var probabilities = new float[allowed.Length];
        session.Append([1, 2, 3, 4]);
        for (int i = 0; i < 20; i++) // warm up: workspace, logits buffer, kernel scratch
        {
            session.Append(i);
            session.Decide(allowed, probabilities);
            session.Logits();
        }
        Assert.Equal(0, LeastAllocated(() =>
        {
            session.Reset();
            session.Append([1, 2, 3, 4]);
            for (int i = 0; i < 50; i++)
            {
                session.Append(i % 80);
                session.Decide(allowed, probabilities);
                session.Logits();
            }
        }));
    }

    [Fact]
    public void Batched_steps_on_a_pool_allocate_nothing()
    {
        var config = new ModelConfig { HiddenSize = 256, IntermediateSize = 768, Layers = 2, Heads = 4, KvHeads = 2, HeadDim = 64, VocabSize = 300, MaxPositions = 256 };
        using var pool = new ComputePool(2);
        using var model = TransformerModel.CreateRandom(config, new ModelLoadOptions { Variants = ["fp8", "fp4"], Pool = pool });
        foreach (string name in new[] { "fp8", "fp4" })
        {
            var sessions = Enumerable.Range(0, 3).Select(_ => model.CreateSession(model.GetVariant(name), 200)).ToArray();
            int[] tokens = [1, 2, 3];
            for (int i = 0; i < 10; i++)
            {
                model.Step(sessions, tokens);
                sessions[0].Greedy(); // the first call allocates the session's logits buffer
            }
            Assert.Equal(0, LeastAllocated(() =>
            {
                foreach (var session in sessions)
                {
                    session.Reset();
                }
                for (int i = 0; i < 50; i++)
                {
                    model.Step(sessions, tokens);
                    sessions[0].Greedy();
                }
            }));
        }
    }

    /// <summary>
    /// Bytes this thread allocated in the least of three runs of <paramref name="body"/>. One run
    /// once counted 3 880 bytes in a full test run: the runtime's own work on the calling thread
    /// when tiered compilation catches up (warm-up here is short). An allocation per step shows in
    /// every run.
    /// </summary>
    private static long LeastAllocated(Action body)
    {
        long least = long.MaxValue;
        for (int run = 0; run < 3; run++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            body();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }
}
