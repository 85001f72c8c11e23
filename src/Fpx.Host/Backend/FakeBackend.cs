namespace Fpx.Host.Backend;

/// <summary>
/// A deterministic stand-in for the transformer runtime, for tests and <c>fpx serve --fake</c>:
/// a "tiny model" whose action probabilities come from a seeded hash of the context, slightly
/// perturbed by lower-precision variants, and whose compute time is configured per variant and
/// per token. Same inputs, same outputs, on any machine.
/// </summary>
public sealed partial class FakeBackend : IDecisionBackend
{
    private readonly FakeBackendOptions _options;
    private readonly FakeVariant[] _variants;
    private readonly Dictionary<long, SessionState> _sessions = [];
    private long _nextSession = 1;
    private long _pauseTicks;
    private int _pauseCalls;

    /// <summary>Creates the backend.</summary>
    /// <param name="options">Settings; defaults when null.</param>
    public FakeBackend(FakeBackendOptions? options = null)
    {
        _options = options ?? new FakeBackendOptions();
        _variants = [.. _options.Variants];
        Variants = [.. _variants.Select(v => v.Info)];
    }

    /// <inheritdoc />
    public IReadOnlyList<VariantInfo> Variants { get; }

    /// <inheritdoc />
    public int MaxContextTokens => _options.MaxContextTokens;

    /// <inheritdoc />
    /// <remarks>The fake hashes any non-negative id.</remarks>
    public int VocabularySize => int.MaxValue;

    /// <summary>Passes run so far (batches and session appends).</summary>
    public long Passes => Volatile.Read(ref _passes);

    private long _passes;

    /// <summary>Passes started so far (a test waits on this to know the compute thread is inside a pass).</summary>
    public long PassesStarted => Volatile.Read(ref _passesStarted);

    private long _passesStarted;

    /// <summary>Items decided so far.</summary>
    public long Decisions => Volatile.Read(ref _decisions);

    private long _decisions;

    /// <summary>Sessions open now.</summary>
    public int OpenSessions => Volatile.Read(ref _openSessions);

    private int _openSessions;

    /// <summary>
    /// Makes the next <paramref name="calls"/> passes last <paramref name="pause"/> longer (spent
    /// as the mode says; <see cref="FakeComputeMode.Virtual"/> only reports it). Thread-safe: tests call it
    /// from their own thread to stall the compute thread.
    /// </summary>
    /// <param name="pause">Extra time per pass.</param>
    /// <param name="calls">Number of passes affected.</param>
    public void InjectPause(TimeSpan pause, int calls = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(calls);
        Volatile.Write(ref _pauseTicks, pause.Ticks);
        Volatile.Write(ref _pauseCalls, calls);
    }

    /// <inheritdoc />
    public void Decide(int variant, ReadOnlySpan<BackendItem> batch, Span<TimeSpan> computeTimes)
    {
        Interlocked.Increment(ref _passesStarted);
        FakeVariant v = _variants[variant];
        long tokens = 0;
        foreach (ref readonly BackendItem item in batch)
        {
            tokens += item.Tokens.Length;
        }

        long start = _options.TimeProvider.GetTimestamp();
        for (int i = 0; i < batch.Length; i++)
        {
            ref readonly BackendItem item = ref batch[i];
            if (item.Probabilities.Length != item.ActionTokens.Length)
            {
                throw new ArgumentException("Probabilities and action tokens differ in length.", nameof(batch));
            }

            ulong context = item.Session == BackendItem.NoSession
                ? Hash(_options.Seed, item.Tokens.Span)
                : AppendToSession(item.Session, item.Tokens.Span);
            Probabilities(context, v.Info.QualityRank, item.ActionTokens.Span, item.Probabilities.Span);
        }

        TimeSpan elapsed = Spend(v.ComputeFor(tokens), start);
        computeTimes[..batch.Length].Fill(elapsed);
        Interlocked.Increment(ref _passes);
        Interlocked.Add(ref _decisions, batch.Length);
    }

    /// <summary>Spends the simulated time as configured and returns the compute time to report.</summary>
    private TimeSpan Spend(TimeSpan simulated, long start)
    {
        if (Volatile.Read(ref _pauseCalls) > 0 && Interlocked.Decrement(ref _pauseCalls) >= 0)
        {
            simulated += TimeSpan.FromTicks(Volatile.Read(ref _pauseTicks));
        }

        _options.OnCompute?.Invoke(simulated);
        TimeProvider time = _options.TimeProvider;
        switch (_options.Mode)
        {
            case FakeComputeMode.Spin:
                while (time.GetElapsedTime(start) < simulated)
                {
                    Thread.SpinWait(20);
                }

                return time.GetElapsedTime(start);
            case FakeComputeMode.Sleep:
                if (simulated > TimeSpan.Zero)
                {
                    Thread.Sleep(simulated);
                }

                return time.GetElapsedTime(start);
            default:
                return simulated;
        }
    }

    /// <summary>Softmax over hashed logits in [-4, 4); worse variants add up to ±0.1 per rank of noise.</summary>
    private static void Probabilities(ulong context, int rank, ReadOnlySpan<int> actions, Span<float> probabilities)
    {
        float max = float.NegativeInfinity;
        for (int i = 0; i < actions.Length; i++)
        {
            ulong h = Mix(context ^ ((ulong)(uint)actions[i] * 0x9E3779B97F4A7C15UL));
            float logit = (float)(Unit(h) * 8 - 4);
            logit += (float)((Unit(Mix(h ^ (ulong)rank)) - 0.5) * 0.2 * rank);
            probabilities[i] = logit;
            max = MathF.Max(max, logit);
        }

        float sum = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            probabilities[i] = MathF.Exp(probabilities[i] - max);
            sum += probabilities[i];
        }

        for (int i = 0; i < probabilities.Length; i++)
        {
            probabilities[i] /= sum;
        }
    }

    /// <summary>Hash of a token sequence: a SplitMix64 chain, so appending to a session equals hashing the whole context.</summary>
    internal static ulong Hash(ulong state, ReadOnlySpan<int> tokens)
    {
        foreach (int token in tokens)
        {
            state = Mix(state + (ulong)(uint)token + 0x9E3779B97F4A7C15UL);
        }

        return state;
    }

    /// <summary>SplitMix64's finalizer (Steele, Lea, Flood 2014).</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static double Unit(ulong h) => (h >> 11) * (1.0 / (1UL << 53));

    /// <inheritdoc />
    public void Dispose() => _sessions.Clear();

}
