using Fpx.Client;
using Fpx.Policy.Choice;
using Fpx.Policy.Latency;
using Fpx.Policy.Profiles;
using Fpx.Scenarios;

namespace Fpx.Host.Cli;

/// <summary>
/// One variant of an in-process model behind the scenarios' <see cref="IDecisionAgent"/>: the
/// virtual clock's static contestants. The latency it reports is the variant's measured mean; the
/// virtual clock charges a seeded draw from the measured distribution instead.
/// </summary>
internal sealed class EngineVariantAgent(PlayEngine engine, string variant, double meanUs) : IDecisionAgent
{
    private readonly int _index = engine.IndexOf(variant);

    public ValueTask<AgentDecision> DecideAsync(ReadOnlyMemory<int> observation, long budgetUs, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(new AgentDecision(engine.Decide(_index, observation.Span), meanUs, variant));
    }
}

/// <summary>
/// The adaptive policy in process: Fpx.Policy's <see cref="VariantChooser"/> picks a variant per
/// decision from the decision's budget, the task profile and a <see cref="LatencyPredictor"/> seeded
/// with the measured compute times, then that variant decides. There is no queue in process (one
/// bot, one decision at a time), so the queue wait is 0 and there is no delay cost. A rejection (a
/// profile with <c>on_miss: reject</c>) answers the task's first action (hold, idle) at once, as a
/// bot that got <c>deadline_unreachable</c> would.
/// </summary>
internal sealed class EngineAdaptiveAgent : IDecisionAgent
{
    /// <summary>The variant label of a rejected decision (charged the latency model's fallback, 0).</summary>
    public const string Rejected = "rejected";

    private readonly PlayEngine _engine;
    private readonly TaskProfile _profile;
    private readonly LatencyPredictor _predictor;
    private readonly string[] _available;
    private readonly Dictionary<string, int> _indexes;

    public EngineAdaptiveAgent(PlayEngine engine, TaskProfile profile, LatencyPredictor predictor)
    {
        _engine = engine;
        _profile = profile;
        _predictor = predictor;
        _available = [.. engine.VariantNames];
        _indexes = _available.ToDictionary(v => v, engine.IndexOf, StringComparer.Ordinal);
    }

    /// <summary>Every budget this agent was given, µs (for the report: what the budget rule produced).</summary>
    public List<long> Budgets { get; } = [];

    /// <summary>Decisions per <see cref="DecisionReason"/>.</summary>
    public Dictionary<DecisionReason, long> Reasons { get; } = [];

    /// <summary>
    /// A predictor that knows each variant's measured compute times as live samples (not a seed), so
    /// that the policy plans with the same distribution the virtual clock charges. Decay by time is
    /// off: the samples are all taken at start, and the run must not depend on when it is read.
    /// </summary>
    public static LatencyPredictor Predictor(IReadOnlyDictionary<string, double[]> samplesUs, int tokens)
    {
        var predictor = new LatencyPredictor(new LatencyPredictorOptions(halfLifeSamples: double.PositiveInfinity, halfLifeTime: Timeout.InfiniteTimeSpan, minSamples: 1));
        foreach (var (variant, samples) in samplesUs)
        {
            foreach (double us in samples)
            {
                predictor.Observe(new LatencyKey(variant, tokens), us);
            }
        }
        return predictor;
    }

    public ValueTask<AgentDecision> DecideAsync(ReadOnlyMemory<int> observation, long budgetUs, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Budgets.Add(budgetUs);
        var choice = VariantChooser.Choose(budgetUs, _profile, _predictor, 0, _available, tokens: observation.Length);
        Reasons[choice.Reason] = Reasons.GetValueOrDefault(choice.Reason) + 1;
        if (choice.Variant is not { } variant)
        {
            return new(new AgentDecision(0, 0, Rejected));
        }
        return new(new AgentDecision(_engine.Decide(_indexes[variant], observation.Span), choice.ServiceUs, variant));
    }
}

/// <summary>
/// Fpx.Client's <see cref="IDecider"/> (a live <c>fpx serve</c> over TCP) behind the scenarios'
/// <see cref="IDecisionAgent"/>. With <paramref name="variant"/> the host runs that variant
/// (forced); without, the host's policy chooses. An error outcome (expired, deadline_unreachable,
/// overloaded) answers the task's first action (hold, idle), as a bot that got no answer would; its
/// variant label is the error code, so the report counts them.
/// </summary>
internal sealed class DeciderAgent(IDecider decider, TokenVocabulary vocabulary, string? variant = null) : IDecisionAgent
{
    public async ValueTask<AgentDecision> DecideAsync(ReadOnlyMemory<int> observation, long budgetUs, CancellationToken cancellationToken)
    {
        var d = await decider.DecideAsync(new DecideRequest { Task = vocabulary.Task, Tokens = observation, BudgetMicroseconds = budgetUs, Variant = variant }, cancellationToken).ConfigureAwait(false);
        if (!d.IsSuccess)
        {
            return new AgentDecision(0, d.HostMicroseconds, d.ErrorCode!);
        }
        int action = vocabulary.ActionIndexOf(d.Action);
        if (action < 0)
        {
            throw new InvalidOperationException($"the host answered token {d.Action}, not a {vocabulary.Task} action");
        }
        return new AgentDecision(action, d.HostMicroseconds, d.Variant ?? "?");
    }
}
