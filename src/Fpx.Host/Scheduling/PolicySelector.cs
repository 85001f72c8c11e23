using Fpx.Host.Backend;
using Fpx.Policy.Choice;
using Fpx.Policy.Latency;
using Fpx.Policy.Profiles;

namespace Fpx.Host.Scheduling;

/// <summary>
/// The host's seat of Fpx.Policy: per request, <see cref="VariantChooser.Choose"/> over the task's
/// profile, with service times from a <see cref="LatencyPredictor"/> that learns from every pass
/// (it is the scheduler's <see cref="IPassObserver"/>), the queue wait from the admitted backlog's
/// <see cref="LatencyEstimates.PendingLoad"/>, and the price of server time from a
/// <see cref="DelayCostEstimator"/>. Tasks without a profile fall back to <see cref="BudgetVariantSelector"/>.
/// </summary>
/// <remarks>
/// Thread-safe: <see cref="Select"/> runs on connection threads, <see cref="OnPass"/> on the
/// compute thread; both allocate nothing once every variant has been observed. How the numbers
/// are converted and why the queue is summed as it is: docs/decisions/0031-policy-in-the-host.md.
/// </remarks>
public sealed class PolicySelector : IVariantSelector, IPassObserver
{
    private readonly string[] _names;
    private readonly BudgetVariantSelector _fallback;
    private readonly double _ticksPerUs;

    /// <summary>Creates the selector for a backend's variants.</summary>
    /// <param name="variants">The variants (index = variant id); their names are the candidates offered to the chooser.</param>
    /// <param name="timeProvider">The host's clock (tick conversions, decay by time, arrival gaps); <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="predictorOptions">Predictor settings; defaults when null.</param>
    public PolicySelector(IReadOnlyList<VariantInfo> variants, TimeProvider? timeProvider = null, LatencyPredictorOptions? predictorOptions = null)
    {
        ArgumentNullException.ThrowIfNull(variants);
        TimeProvider time = timeProvider ?? TimeProvider.System;
        _names = [.. variants.Select(v => v.Name)];
        _fallback = new BudgetVariantSelector(variants);
        _ticksPerUs = time.TimestampFrequency / 1e6;
        Predictor = new LatencyPredictor(predictorOptions, time);
        DelayCosts = new DelayCostEstimator(timeProvider: time);
    }

    /// <summary>Live service-time quantiles per variant, input length and batch size.</summary>
    public LatencyPredictor Predictor { get; }

    /// <summary>The price of server time.</summary>
    public DelayCostEstimator DelayCosts { get; }

    /// <summary>The candidate names, in variant-id order.</summary>
    public IReadOnlyList<string> VariantNames => _names;

    /// <inheritdoc />
    public VariantChoice Select(in SelectionContext context)
    {
        TaskProfile? profile = context.Task.Profile;
        if (profile is null)
        {
            return _fallback.Select(context);
        }

        int tokens = Math.Clamp(context.TokenCount, 1, Predictor.Options.MaxTokens);
        double budgetUs = Math.Max(0, context.RemainingBudget) / _ticksPerUs;
        QueueLoad pending = context.Latency.PendingLoad;
        double queueUs = pending.WaitUs(profile.PlanningQuantile);
        if (context.ForcedVariant >= 0)
        {
            return Forced(context.ForcedVariant, profile, tokens, queueUs);
        }

        // The whole backlog is taken as ahead of this request (an upper bound in EDF order), so
        // none is counted behind it; the delay cost then prices only the arrivals to come.
        DelayCost cost = DelayCosts.Snapshot(0, pending.MeanUs);
        Decision decision = VariantChooser.Choose(budgetUs, profile, Predictor, queueUs, _names, tokens, 1, cost);
        DelayCosts.RecordRequest(budgetUs, profile, Predictor, queueUs, _names, tokens);
        int variant = IndexOf(decision.Variant);
        if (variant < 0)
        {
            // Rejected, or no candidate at all (a profile that lists none of this host's variants).
            return new VariantChoice(ChoiceKind.Reject, 0, ToTicks(decision.QueueUs), ToTicks(decision.ServiceUs));
        }

        return new VariantChoice(decision.IsDegraded ? ChoiceKind.Degrade : ChoiceKind.Serve, variant, ToTicks(decision.QueueUs), ToTicks(decision.ServiceUs))
        {
            ExpectedQuality = decision.Quality,
            Work = EstimateWork(profile, variant, tokens),
        };
    }

    /// <summary>A forced variant is served as asked; the profile only supplies its predictions and quality.</summary>
    private VariantChoice Forced(int variant, TaskProfile profile, int tokens, double queueUs)
    {
        string name = _names[variant];
        VariantProfile? entry = profile.TryGetVariant(name, out VariantProfile? v) ? v : null;
        double serviceUs = Predictor.TryPredict(new LatencyKey(name, tokens), profile.PlanningQuantile, entry?.Latency, out LatencyPrediction p) ? p.ValueUs : 0;
        return new VariantChoice(ChoiceKind.Serve, variant, ToTicks(queueUs), ToTicks(serviceUs))
        {
            ExpectedQuality = entry?.Quality,
            Work = EstimateWork(profile, variant, tokens),
        };
    }

    private QueueLoad EstimateWork(TaskProfile profile, int variant, int tokens)
    {
        string name = _names[variant];
        LatencySeed? seed = profile.TryGetVariant(name, out VariantProfile? v) ? v.Latency : null;
        return Predictor.TryEstimateWork(new LatencyKey(name, tokens), seed, out QueueLoad work) ? work : QueueLoad.Empty;
    }

    /// <summary>Feeds the predictor every pass and the delay cost every pass that served requests.</summary>
    /// <param name="pass">The pass.</param>
    public void OnPass(in PassRecord pass)
    {
        double us = pass.Ticks / _ticksPerUs;
        if (!(us >= 0) || !double.IsFinite(us))
        {
            return;
        }

        LatencyPredictorOptions o = Predictor.Options;
        Predictor.Observe(new LatencyKey(_names[pass.Variant], Math.Clamp(pass.Tokens, 1, o.MaxTokens), Math.Clamp(pass.Batch, 1, o.MaxBatch)), us);
        if (pass.Kind is PassKind.Decide or PassKind.SessionAppend)
        {
            DelayCosts.RecordService(us);
        }
    }

    /// <summary>The chooser returns one of the <see cref="_names"/> strings, so a reference scan finds it without hashing.</summary>
    private int IndexOf(string? name)
    {
        if (name is null)
        {
            return -1;
        }

        for (int i = 0; i < _names.Length; i++)
        {
            if (ReferenceEquals(_names[i], name))
            {
                return i;
            }
        }

        return Array.IndexOf(_names, name);
    }

    private long ToTicks(double us) => double.IsFinite(us) ? (long)(us * _ticksPerUs) : 0;
}
