using System.Diagnostics;
using System.Text.Json;
using Fpx.Engine.Runtime;
using Fpx.Scenarios;

namespace Fpx.Host.Cli;

/// <summary>
/// A bundled model loaded in process for <c>fpx play</c>'s virtual clock: every variant of the
/// runtime (fp16, fp8, the FPX mixes, fp4), one reusable session per variant, and a memo of the
/// decisions already made. The memo is exact (a forward pass is a deterministic function of the
/// variant and the tokens) and is what makes a round robin of a dozen variants affordable: the
/// scenarios' observations repeat a lot, and the latency a decision is charged comes from the
/// measured distribution (<see cref="PlayLatencyProbe"/>), not from how long this call took.
/// </summary>
internal sealed class PlayEngine : IDisposable
{
    private readonly Slot[] _slots;
    private readonly int[] _allowed;

    private PlayEngine(TransformerModel model, TokenVocabulary vocabulary)
    {
        Model = model;
        Vocabulary = vocabulary;
        _allowed = [.. vocabulary.ActionTokens];
        _slots = [.. model.Variants.Select(v => new Slot(model.CreateSession(v, vocabulary.ObservationLength)))];
    }

    public TransformerModel Model { get; }

    public TokenVocabulary Vocabulary { get; }

    /// <summary>Variant names, most precise first (the runtime's order).</summary>
    public IReadOnlyList<string> VariantNames => [.. Model.Variants.Select(v => v.Name)];

    /// <summary>
    /// Loads <paramref name="directory"/> with <paramref name="variants"/> and checks that its
    /// task.json and vocabulary agree with the scenario's (same task, same action tokens in the same
    /// order), so that an action index means the same thing on both sides.
    /// </summary>
    public static PlayEngine Load(string directory, TokenVocabulary vocabulary, IReadOnlyList<string> variants, ModelLoadOptions? options = null)
    {
        PlayModelTask.Check(directory, vocabulary);
        var model = TransformerModel.Load(directory, options is null
            ? new ModelLoadOptions { Variants = variants }
            : new ModelLoadOptions { Variants = variants, Fp4Format = options.Fp4Format, HeadFormat = options.HeadFormat, Pool = options.Pool });
        if (model.Config.VocabSize < vocabulary.Size)
        {
            model.Dispose();
            throw new UsageException($"{directory}: vocab_size {model.Config.VocabSize} is smaller than the {vocabulary.Task} vocabulary ({vocabulary.Size})");
        }
        return new PlayEngine(model, vocabulary);
    }

    /// <summary>Index of a variant by name.</summary>
    public int IndexOf(string variant)
    {
        for (int i = 0; i < _slots.Length; i++)
        {
            if (Model.Variants[i].Name == variant)
            {
                return i;
            }
        }
        throw new KeyNotFoundException($"variant '{variant}' is not loaded");
    }

    /// <summary>The action index <paramref name="variant"/> chooses for <paramref name="observation"/> (memoized).</summary>
    public int Decide(int variant, ReadOnlySpan<int> observation)
    {
        var slot = _slots[variant];
        string key = Key(observation);
        if (!slot.Memo.TryGetValue(key, out int action))
        {
            action = Compute(slot, observation);
            slot.Memo.Add(key, action);
        }
        return action;
    }

    /// <summary>One decision computed afresh (no memo), and its compute time in µs: what the probe measures.</summary>
    public double TimeOne(int variant, ReadOnlySpan<int> observation)
    {
        var slot = _slots[variant];
        long start = Stopwatch.GetTimestamp();
        Compute(slot, observation);
        return Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }

    /// <summary>What one decide request costs the runtime: prefill the observation, then the allowed tokens' head rows.</summary>
    private int Compute(Slot slot, ReadOnlySpan<int> observation)
    {
        slot.Session.Reset();
        return slot.Session.Decide(observation, _allowed, slot.Probabilities);
    }

    private static string Key(ReadOnlySpan<int> observation)
    {
        // Token ids are small and non-negative: one char each is an exact, compact key.
        Span<char> chars = stackalloc char[observation.Length];
        for (int i = 0; i < observation.Length; i++)
        {
            chars[i] = (char)observation[i];
        }
        return new string(chars);
    }

    public void Dispose() => Model.Dispose();

    private sealed class Slot(InferenceSession session)
    {
        public InferenceSession Session { get; } = session;

        public float[] Probabilities { get; } = new float[64];

        public Dictionary<string, int> Memo { get; } = new(StringComparer.Ordinal);
    }
}

/// <summary>A bundled model's task.json: the task name and its allowed action tokens.</summary>
internal static class PlayModelTask
{
    /// <summary>Fails with a usage error when the model was not trained for <paramref name="vocabulary"/>'s task.</summary>
    public static void Check(string directory, TokenVocabulary vocabulary)
    {
        string path = Path.Combine(directory, "task.json");
        if (!File.Exists(path))
        {
            throw new UsageException($"{directory}: no task.json (a bundled decision model has one; see models/README.md)");
        }
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        string task = root.TryGetProperty("task", out var t) ? t.GetString() ?? "" : "";
        int[] tokens = root.TryGetProperty("allowed_action_tokens", out var a) ? [.. a.EnumerateArray().Select(e => e.GetInt32())] : [];
        if (task != vocabulary.Task)
        {
            throw new UsageException($"{directory}: the model's task is '{task}', not '{vocabulary.Task}'");
        }
        if (!tokens.SequenceEqual(vocabulary.ActionTokens))
        {
            throw new UsageException($"{directory}: allowed_action_tokens [{string.Join(",", tokens)}] differ from the {vocabulary.Task} vocabulary's [{string.Join(",", vocabulary.ActionTokens)}]");
        }
    }
}
