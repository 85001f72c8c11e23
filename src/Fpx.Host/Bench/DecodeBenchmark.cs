using System.Diagnostics;
using Fpx.Engine.Model;
using Fpx.Engine.Runtime;

namespace Fpx.Host.Bench;

/// <summary>
/// Times the transformer on a random model built in memory: prefill, decode steps with the KV
/// cache, and whole decisions (what `fpx bench decode` prints). A decode step is one token through
/// every layer and the final norm; the full-vocabulary head is timed apart (head_us), because a
/// decision computes only its allowed tokens' head rows.
/// </summary>
internal static class DecodeBenchmark
{
    public sealed record Result(double StepMicroseconds, double PrefillTokensPerSecond, double HeadMicroseconds,
        double DecisionMicroseconds, int Samples);

    /// <summary>Tokens of a decision's prompt (the issue: "prefill of 32 tokens plus one step").</summary>
    public const int DecisionPrompt = 32;

    /// <summary>How long both paths run before anything is timed.</summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);

    /// <summary>Allowed tokens in a timed decision.</summary>
    public const int DecisionActions = 8;

    public static Result RunDecode(TransformerModel model, Variant variant, int context, int maxSteps, TimeSpan budget)
    {
        var random = new Random(7);
        int[] prompt = RandomTokens(random, context, model.Config.VocabSize);
        var session = model.CreateSession(variant, context + maxSteps);

        // Warm up (JIT tiers, workspace, caches): the service runs tier-1 code, so must the numbers.
        // Tiered compilation needs 30 calls per method and then a quiet 100 ms before its background
        // thread recompiles, slower when both cores are busy: 0.3 s measured instrumented-tier code
        // (prefill 2.6x slower than after 2 s). Both the prefill and the step paths are warmed.
        // A 1B model prefills 32 tokens in seconds: minimum counts stay small, durations bound the rest.
        Repeat(WarmUp, 2, () =>
        {
            Refill(session, prompt);
            Step(session, prompt, random, null);
        });
        var prefills = new List<double>();
        Repeat(budget / 4, 2, () => prefills.Add(Time(() => Refill(session, prompt))));
        double headUs = Median(Enumerable.Range(0, 5).Select(_ => Time(() => ForceLogits(session))).ToList());

        var samples = new List<double>();
        Repeat(budget, 5, () => Step(session, prompt, random, samples));
        return new Result(Median(samples), context / (Median(prefills) * 1e-6), headUs, double.NaN, samples.Count);
    }

    private static void Refill(InferenceSession session, int[] prompt)
    {
        session.Reset();
        session.Append(prompt);
    }

    /// <summary>One decode step, timed into <paramref name="samples"/>; a full cache is refilled first, untimed.</summary>
    private static void Step(InferenceSession session, int[] prompt, Random random, List<double>? samples)
    {
        if (session.Remaining == 0)
        {
            Refill(session, prompt);
        }
        int token = random.Next(session.Model.Config.VocabSize);
        long t0 = Stopwatch.GetTimestamp();
        session.Append(token);
        samples?.Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
    }

    /// <summary>Runs <paramref name="action"/> at least <paramref name="minimum"/> times and until <paramref name="duration"/> has passed (at most 100 000 times).</summary>
    private static void Repeat(TimeSpan duration, int minimum, Action action)
    {
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < minimum || (clock.Elapsed < duration && i < 100_000); i++)
        {
            action();
        }
    }

    public static Result RunDecision(TransformerModel model, Variant variant, TimeSpan budget)
    {
        var random = new Random(7);
        int[] prompt = RandomTokens(random, DecisionPrompt, model.Config.VocabSize);
        int[] actions = RandomTokens(random, DecisionActions, model.Config.VocabSize);
        var probabilities = new float[DecisionActions];
        var session = model.CreateSession(variant, DecisionPrompt + 1);
        var decisions = new List<double>();
        var prefills = new List<double>();
        var steps = new List<double>();
        int i = 0;
        void Decision(bool record)
        {
            session.Reset();
            long t0 = Stopwatch.GetTimestamp();
            session.Append(prompt);
            long t1 = Stopwatch.GetTimestamp();
            session.Append(prompt[i++ % DecisionPrompt]);
            session.Decide(actions, probabilities);
            long t2 = Stopwatch.GetTimestamp();
            if (record)
            {
                prefills.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMicroseconds);
                steps.Add(Stopwatch.GetElapsedTime(t1, t2).TotalMicroseconds);
                decisions.Add(Stopwatch.GetElapsedTime(t0, t2).TotalMicroseconds);
            }
        }
        Repeat(WarmUp, 3, () => Decision(record: false));
        Repeat(budget, 5, () => Decision(record: true));
        return new Result(Median(steps), DecisionPrompt / (Median(prefills) * 1e-6), double.NaN, Median(decisions), decisions.Count);
    }

    private static void ForceLogits(InferenceSession session)
    {
        // Logits() caches until the next append; a fork shares the cache and has no logits yet.
        var fork = session.Fork(maxNewTokens: 1);
        fork.Logits();
    }

    private static int[] RandomTokens(Random random, int count, int vocabulary) =>
        Enumerable.Range(0, count).Select(_ => random.Next(vocabulary)).ToArray();

    private static double Time(Action action)
    {
        long t0 = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
    }

    private static double Median(List<double> samples)
    {
        samples.Sort();
        return samples[samples.Count / 2];
    }

    /// <summary>A Llama-shaped config for the benchmark (untied head, theta 10000).</summary>
    public static ModelConfig Config(int hidden, int layers, int intermediate, int heads, int kvHeads, int vocabulary, int positions) => new()
    {
        ModelType = "llama",
        HiddenSize = hidden,
        Layers = layers,
        IntermediateSize = intermediate,
        Heads = heads,
        KvHeads = kvHeads,
        HeadDim = hidden / heads,
        VocabSize = vocabulary,
        MaxPositions = positions,
    };
}
