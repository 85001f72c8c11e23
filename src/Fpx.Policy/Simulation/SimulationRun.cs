using Fpx.Policy.Choice;
using Fpx.Policy.Latency;

namespace Fpx.Policy.Simulation;

/// <summary>The state of one <see cref="Simulator.Run"/>: virtual clock, EDF queue, server and tallies.</summary>
internal sealed partial class SimulationRun
{
    private readonly SimulationOptions _options;
    private readonly SimulatedPolicy _policy;
    private readonly Workload _work;
    private readonly VirtualClock _clock = new();
    private readonly LatencyPredictor _predictor;
    private readonly Dictionary<string, SimulatedVariant> _variants;
    private readonly string[] _available;

    // Earliest deadline first; ties by arrival order.
    private readonly PriorityQueue<int, (double DeadlineUs, int Index)> _queue = new();
    private readonly string?[] _chosen;
    private readonly QueueLoad[] _load;
    private readonly bool[] _degraded;
    private readonly double[] _deadline;

    private readonly DelayCostEstimator? _costs;
    private int _current = -1;
    private double _startUs;
    private double _endUs;

    public SimulationRun(SimulationOptions options, SimulatedPolicy policy, Workload work)
    {
        _options = options;
        _policy = policy;
        _work = work;
        _predictor = new LatencyPredictor(options.PredictorOptions, _clock);
        _variants = options.Variants.ToDictionary(v => v.Name, StringComparer.Ordinal);
        _available = [.. options.Variants.Select(v => v.Name)];
        _chosen = new string?[work.Count];
        _load = new QueueLoad[work.Count];
        _degraded = new bool[work.Count];
        _deadline = new double[work.Count];
        _tally = new Tally(options.WarmupRequests);
        _costs = policy.DelayCost ? new DelayCostEstimator(timeProvider: _clock) : null;
    }

    private bool Adaptive => _policy.StaticVariant is null;

    public SimulationResult Execute()
    {
        int next = 0;
        while (next < _work.Count || _queue.Count > 0 || _current >= 0)
        {
            double arrival = next < _work.Count ? _work.ArrivalUs[next] : double.PositiveInfinity;
            if (_current >= 0 && _endUs <= arrival)
            {
                _clock.NowUs = _endUs;
                Complete();
            }
            else
            {
                _clock.NowUs = arrival;
                Arrive(next++);
            }

            if (_current < 0)
            {
                Dispatch();
            }
        }

        return _tally.ToResult(_policy.Name);
    }

    private void Arrive(int i)
    {
        ExpireQueued();
        double deadline = _deadline[i] = _work.ArrivalUs[i] + _work.BudgetUs[i];
        string? variant = _policy.StaticVariant;
        if (Adaptive)
        {
            double wait = PredictWaitUs(deadline, out int behind, out double queuedWork);
            var cost = _costs?.Snapshot(behind, queuedWork) ?? DelayCost.None;
            var decision = VariantChooser.Choose(_work.BudgetUs[i], _options.Profile, _predictor, wait, _available, delayCost: cost);
            _costs?.RecordRequest(_work.BudgetUs[i], _options.Profile, _predictor, wait, _available);
            if (decision.Variant is null)
            {
                _tally.Rejected(i);
                return;
            }

            variant = decision.Variant;
            _degraded[i] = decision.IsDegraded;
            _predictor.TryEstimateWork(new LatencyKey(variant), Seed(variant), out _load[i]);
        }

        _chosen[i] = variant;
        // A degraded request is expected to miss anyway; queued last, it cannot push feasible ones past their deadlines.
        _queue.Enqueue(i, (_degraded[i] && _policy.DegradedLast ? double.PositiveInfinity : deadline, i));
    }

    /// <summary>The wait a request with <paramref name="deadlineUs"/> faces: work queued with earlier deadlines plus the rest of the run in service.</summary>
    private double PredictWaitUs(double deadlineUs, out int behind, out double queuedWorkUs)
    {
        var ahead = QueueLoad.Empty;
        var all = QueueLoad.Empty;
        behind = 0;
        foreach (var (index, priority) in _queue.UnorderedItems)
        {
            all += _load[index];
            if (priority.DeadlineUs <= deadlineUs)
            {
                ahead += _load[index];
            }
            else
            {
                behind++;
            }
        }

        if (_current >= 0
            && _predictor.TryEstimateRemaining(new LatencyKey(_chosen[_current]!), _clock.NowUs - _startUs, Seed(_chosen[_current]!), out var rest))
        {
            ahead += rest;
            all += rest;
        }

        queuedWorkUs = all.MeanUs;

        return ahead.WaitUs(_options.Profile.PlanningQuantile);
    }

    private void Dispatch()
    {
        ExpireQueued();
        while (_queue.TryDequeue(out int i, out _))
        {
            if (_deadline[i] < _clock.NowUs)
            {
                _tally.Expired(i, _degraded[i]);
                continue;
            }

            if (_policy.RechooseAtDispatch)
            {
                var all = QueueLoad.Empty;
                foreach (var (index, _) in _queue.UnorderedItems)
                {
                    all += _load[index];
                }

                var cost = _costs?.Snapshot(_queue.Count, all.MeanUs) ?? DelayCost.None;
                var decision = VariantChooser.Choose(_deadline[i] - _clock.NowUs, _options.Profile, _predictor, 0, _available, delayCost: cost);
                if (decision.Variant is null)
                {
                    _tally.Rejected(i);
                    continue;
                }

                _chosen[i] = decision.Variant;
                _degraded[i] = decision.IsDegraded;
            }

            _current = i;
            _startUs = _clock.NowUs;
            _endUs = _startUs + _variants[_chosen[i]!].ServiceTime.Sample(_work.Normal[i], _work.Uniform[i]);
            return;
        }
    }

    private void Complete()
    {
        int i = _current;
        _current = -1;
        var variant = _variants[_chosen[i]!];
        if (Adaptive)
        {
            _predictor.Observe(new LatencyKey(variant.Name), _endUs - _startUs);
            _costs?.RecordService(_endUs - _startUs);
        }

        double latency = _endUs - _work.ArrivalUs[i];
        double budget = _work.BudgetUs[i];
        double utility = latency <= budget ? variant.Quality * _options.Profile.Utility.Evaluate(latency, budget) : 0;
        _tally.Served(i, variant.Name, latency, latency <= budget, utility, _degraded[i]);
    }

    /// <summary>Drops queued requests whose deadline has passed; EDF order puts them all at the head.</summary>
    private void ExpireQueued()
    {
        while (_queue.TryPeek(out int i, out var priority) && priority.DeadlineUs < _clock.NowUs)
        {
            _queue.Dequeue();
            _tally.Expired(i, _degraded[i]);
        }
    }

    private LatencySeed? Seed(string variant) =>
        _options.Profile.TryGetVariant(variant, out var profile) ? profile.Latency : null;
}
