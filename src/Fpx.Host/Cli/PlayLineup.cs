using System.Globalization;
using Fpx.Client;
using Fpx.Engine.Runtime;
using Fpx.Scenarios;

namespace Fpx.Host.Cli;

/// <summary>A named decider in a play run: a static variant or the adaptive policy.</summary>
internal sealed record PlayContestant(string Name, IDecisionAgent Agent);

/// <summary>
/// Who plays and on which clock: every static variant plus the adaptive policy, either in process
/// over the runtime (virtual clock) or against a live host over TCP (wall clock). Also what was
/// measured on the way (probe, profile), as report lines.
/// </summary>
internal sealed class PlayLineup : IAsyncDisposable
{
    /// <summary>The adaptive contestant's name in every report.</summary>
    public const string AdaptiveName = "adaptive";

    private readonly IAsyncDisposable? _client;
    private readonly IDisposable? _engine;

    private PlayLineup(IReadOnlyList<PlayContestant> contestants, DecisionClock clock, IReadOnlyList<string> notes, EngineAdaptiveAgent? adaptive, IAsyncDisposable? client, IDisposable? engine)
    {
        Contestants = contestants;
        Clock = clock;
        Notes = notes;
        Adaptive = adaptive;
        _client = client;
        _engine = engine;
    }

    public IReadOnlyList<PlayContestant> Contestants { get; }

    public DecisionClock Clock { get; }

    /// <summary>Lines for the report (what was measured, which profile), printed as <c># ...</c>.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>The in-process adaptive agent (virtual clock only), for its budget and reason counts.</summary>
    public EngineAdaptiveAgent? Adaptive { get; }

    /// <summary>
    /// The virtual-clock lineup: loads the model with the settings' variants (default every
    /// serving variant), measures each variant's decision compute time on <paramref name="observations"/>
    /// (or takes the settings' fixed latencies), derives or loads the task profile, and builds one
    /// agent per variant plus the adaptive one, all charged by a virtual clock that draws from the
    /// measured distributions.
    /// </summary>
    public static PlayLineup Virtual(string model, TokenVocabulary vocabulary, IReadOnlyList<int[]> observations, PlayVirtualSettings settings, Action<string> progress)
    {
        progress($"loading {model}");
        var engine = PlayEngine.Load(model, vocabulary, settings.Variants ?? VariantNames.Serving);
        try
        {
            var notes = new List<string>();
            IReadOnlyDictionary<string, double[]> samples;
            if (settings.FixedLatencyUs is { } fixedUs)
            {
                samples = engine.VariantNames.ToDictionary(v => v, v => new[] { FixedFor(fixedUs, v) }, StringComparer.Ordinal);
                notes.Add("latency: fixed by --latency-us, not measured");
            }
            else
            {
                progress($"warming up for {settings.Warmup.TotalSeconds:F1} s, then timing {settings.ProbeSamples} decisions per variant");
                var probe = PlayLatencyProbe.Measure(engine, observations, settings.Warmup, settings.ProbeSamples);
                samples = probe.SamplesUs;
                notes.Add($"warm-up: {probe.WarmupPasses} decisions; mean {probe.WarmupFirstUs:F1} us in its first tenth, {probe.WarmupLastUs:F1} us in its last");
                notes.Add("measured decision compute time (us), " + settings.ProbeSamples + " samples each: "
                    + string.Join(", ", samples.Select(p => $"{p.Key} {p.Value.Average():F1} (p99 {Quantile(p.Value, 0.99):F1})")));
            }
            progress("profiling the variants' agreement with fp16");
            var profile = PlayProfile.Resolve(engine, model, observations, samples, settings.Utility);
            notes.Add($"profile: {profile.Source}; quality "
                + string.Join(", ", profile.Profile.VariantNames.Select(v => profile.Profile.TryGetVariant(v, out var p) ? $"{v} {p.Quality:F3}" : v)));
            var predictor = EngineAdaptiveAgent.Predictor(samples, vocabulary.ObservationLength);
            var contestants = engine.VariantNames
                .Select(v => new PlayContestant(v, new EngineVariantAgent(engine, v, samples[v].Average())))
                .ToList();
            var adaptive = new EngineAdaptiveAgent(engine, profile.Profile, predictor);
            contestants.Add(new PlayContestant(AdaptiveName, adaptive));
            var clock = DecisionClock.Virtual(LatencyModel.Empirical(samples.ToDictionary(p => p.Key, p => (IReadOnlyList<double>)p.Value, StringComparer.Ordinal)));
            return new PlayLineup(contestants, clock, notes, adaptive, null, engine);
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The wall-clock lineup: one connection to a live host; every variant the host serves (or
    /// <paramref name="variants"/>) forced by name, plus the adaptive contestant, which sends no
    /// variant so that the host's policy chooses. Latency is the measured round trip.
    /// </summary>
    public static async Task<PlayLineup> WallAsync(string host, TokenVocabulary vocabulary, IReadOnlyList<string>? variants, bool shortlist, Action<string> progress, CancellationToken cancellationToken)
    {
        progress($"connecting to {host}");
        var client = await FpxClient.ConnectAsync(HostPort.ClientOptions(host), cancellationToken).ConfigureAwait(false);
        try
        {
            var tasks = await client.GetTasksAsync(cancellationToken).ConfigureAwait(false);
            if (tasks.All(t => t.Name != vocabulary.Task))
            {
                throw new UsageException($"the host at {host} does not serve the task '{vocabulary.Task}' (it serves {string.Join(", ", tasks.Select(t => t.Name))})");
            }
            var served = (await client.GetVariantsAsync(cancellationToken).ConfigureAwait(false)).OrderBy(v => v.QualityRank).ToList();
            var names = variants ?? (shortlist ? Shortlist([.. served.Select(v => v.Name)]) : [.. served.Select(v => v.Name)]);
            foreach (string name in names.Where(n => served.All(v => v.Name != n)))
            {
                throw new UsageException($"the host at {host} does not serve the variant '{name}' (it serves {string.Join(", ", served.Select(v => v.Name))})");
            }
            var contestants = names.Select(v => new PlayContestant(v, new DeciderAgent(client, vocabulary, v))).ToList();
            contestants.Add(new PlayContestant(AdaptiveName, new DeciderAgent(client, vocabulary)));
            var notes = new List<string>
            {
                $"wall clock: round trips to {host}; host variants " + string.Join(", ", served.Select(v => $"{v.Name} (p99 {v.P99Microseconds:F0} us)")),
            };
            return new PlayLineup(contestants, DecisionClock.Wall(), notes, null, client, null);
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Four rungs of a ladder ordered from most precise to fastest: the first, fp8 (else the second),
    /// the middle one and the last, without repeats.
    /// </summary>
    public static IReadOnlyList<string> Shortlist(IReadOnlyList<string> ladder)
    {
        if (ladder.Count <= 4)
        {
            return ladder;
        }
        string eight = ladder.Contains("fp8") ? "fp8" : ladder[1];
        return [.. new[] { ladder[0], eight, ladder[ladder.Count / 2], ladder[^1] }.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>A lineup of given agents on a given clock (tests, and callers that build their own deciders).</summary>
    public static PlayLineup Of(IReadOnlyList<PlayContestant> contestants, DecisionClock clock, IReadOnlyList<string>? notes = null) =>
        new(contestants, clock, notes ?? [], null, null, null);

    /// <summary>Parses <c>fp16=400,fp8=200,*=100</c> (<c>*</c> for every variant not named).</summary>
    public static IReadOnlyDictionary<string, double> ParseFixedLatency(string text)
    {
        var map = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !double.TryParse(pair.AsSpan(eq + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out double us) || !(us >= 0 && double.IsFinite(us)))
            {
                throw new UsageException($"--latency-us: '{pair}' is not VARIANT=MICROSECONDS");
            }
            map[pair[..eq]] = us;
        }
        return map;
    }

    private static double FixedFor(IReadOnlyDictionary<string, double> fixedUs, string variant) =>
        fixedUs.TryGetValue(variant, out double us) ? us
            : fixedUs.TryGetValue("*", out double rest) ? rest
            : throw new UsageException($"--latency-us gives no latency for '{variant}' (add {variant}=US or *=US)");

    private static double Quantile(double[] values, double q) => Fpx.Scenarios.Statistics.Bootstrap.Quantile([.. values.Order()], q);

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync().ConfigureAwait(false);
        }
        _engine?.Dispose();
    }
}

/// <summary>Settings of the virtual-clock lineup.</summary>
/// <param name="Variants">Variants to load; null for every serving variant.</param>
/// <param name="Warmup">Warm-up before timing.</param>
/// <param name="ProbeSamples">Timed decisions per variant.</param>
/// <param name="FixedLatencyUs">Fixed latencies instead of measuring (tests, what-if runs), or null.</param>
/// <param name="Utility">Utility of the default profile (hard when null); a profile file keeps its own.</param>
internal sealed record PlayVirtualSettings(IReadOnlyList<string>? Variants, TimeSpan Warmup, int ProbeSamples, IReadOnlyDictionary<string, double>? FixedLatencyUs, Fpx.Policy.Profiles.UtilitySpec? Utility = null);
