using Fpx.Policy.Latency;
using Fpx.Policy.Profiles;

namespace Fpx.Policy.Choice;

/// <summary>
/// Learns the price of server time for <see cref="DelayCost"/>: the arrival rate, the mean service
/// time, and how much value an arriving request loses per amount of extra delay. The loss is
/// measured from the requests themselves: for each, the best score it could get (over every
/// candidate, as <see cref="VariantChooser"/> scores them) with its predicted wait, and with that
/// wait plus 50, 100, … 12800 µs. Because each delayed request may still pick a faster variant, a
/// delay usually costs a quality step, not the whole answer; the curve captures that for every
/// utility kind. Averages decay with a half-life in requests. Thread-safe (a short lock).
/// </summary>
public sealed class DelayCostEstimator
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly double _decay;
    private LossCurve _lossSums;
    private double _weight;
    private double _gapSum;
    private double _gapWeight;
    private double _serviceSum;
    private double _serviceWeight;
    private long _lastArrival = -1;

    /// <summary>Creates an estimator.</summary>
    /// <param name="halfLifeRequests">Requests after which an old observation counts half (≥ 1; default 1024).</param>
    /// <param name="timeProvider">The clock arrivals are timed with; <see cref="TimeProvider.System"/> when null.</param>
    public DelayCostEstimator(double halfLifeRequests = 1024, TimeProvider? timeProvider = null)
    {
        if (!(halfLifeRequests >= 1))
        {
            ThrowHelper.ThrowOutOfRange(nameof(halfLifeRequests), halfLifeRequests, "must be >= 1");
        }

        _decay = double.Exp2(-1 / halfLifeRequests);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Records an arriving request: its arrival time (now) and its loss curve, computed from the
    /// same inputs <see cref="VariantChooser.Choose"/> takes. Call once per request, before or after
    /// choosing. Allocates nothing.
    /// </summary>
    /// <param name="budgetUs">The request's budget, µs.</param>
    /// <param name="profile">Its task's profile.</param>
    /// <param name="predictor">Service-time predictions.</param>
    /// <param name="queueWaitUs">Its predicted queue wait, µs.</param>
    /// <param name="available">Variants the host can run.</param>
    /// <param name="tokens">Its input tokens.</param>
    public void RecordRequest(double budgetUs, TaskProfile profile, LatencyPredictor predictor, double queueWaitUs, ReadOnlySpan<string> available, int tokens = 1)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(predictor);
        if (!(queueWaitUs >= 0))
        {
            ThrowHelper.ThrowOutOfRange(nameof(queueWaitUs), queueWaitUs, "must be >= 0");
        }

        var best = default(LossCurve);
        foreach (string name in available)
        {
            if (VariantChooser.TryEvaluate(profile, predictor, name, tokens, 1, out var variant, out var service))
            {
                var grid = LossCurve.Grid;
                for (int k = 0; k < LossCurve.Points; k++)
                {
                    double value = variant.Quality * profile.Utility.Evaluate(queueWaitUs + grid[k] + service.ValueUs, budgetUs);
                    best[k] = Math.Max(best[k], value);
                }
            }
        }

        long now = _time.GetTimestamp();
        lock (_gate)
        {
            if (_lastArrival >= 0)
            {
                double gapUs = Math.Max(0, now - _lastArrival) * 1e6 / _time.TimestampFrequency;
                _gapSum = (_gapSum * _decay) + gapUs;
                _gapWeight = (_gapWeight * _decay) + 1;
            }

            _lastArrival = now;
            _weight = (_weight * _decay) + 1;
            for (int k = 0; k < LossCurve.Points; k++)
            {
                _lossSums[k] = (_lossSums[k] * _decay) + (best[0] - best[k]);
            }
        }
    }

    /// <summary>Records the service time of a completed request (for the utilization estimate).</summary>
    /// <param name="serviceUs">Compute time, µs.</param>
    public void RecordService(double serviceUs)
    {
        if (!(serviceUs >= 0 && double.IsFinite(serviceUs)))
        {
            ThrowHelper.ThrowOutOfRange(nameof(serviceUs), serviceUs, "must be finite and >= 0");
        }

        lock (_gate)
        {
            _serviceSum = (_serviceSum * _decay) + serviceUs;
            _serviceWeight = (_serviceWeight * _decay) + 1;
        }
    }

    /// <summary>The price of server time now, for a request with <paramref name="queuedBehind"/> requests behind it.</summary>
    /// <param name="queuedBehind">Queued requests with later deadlines than the one being decided (all of them at dispatch).</param>
    /// <param name="queuedWorkUs">Mean work queued or in service, µs (e.g. <see cref="QueueLoad.MeanUs"/> of the whole queue).</param>
    /// <returns>The snapshot to pass to <see cref="VariantChooser.Choose"/>; <see cref="DelayCost.None"/> before the first arrival gap is known.</returns>
    public DelayCost Snapshot(int queuedBehind, double queuedWorkUs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(queuedBehind);
        if (!(queuedWorkUs >= 0))
        {
            ThrowHelper.ThrowOutOfRange(nameof(queuedWorkUs), queuedWorkUs, "must be >= 0");
        }

        lock (_gate)
        {
            if (_gapWeight == 0 || _gapSum <= 0)
            {
                return DelayCost.None;
            }

            double arrivalsPerUs = _gapWeight / _gapSum;
            double meanService = _serviceWeight == 0 ? 0 : _serviceSum / _serviceWeight;

            // At or past saturation the busy period is unbounded; the cap keeps the price finite,
            // and the queued work term already carries the backlog.
            double utilization = Math.Min(0.95, arrivalsPerUs * meanService);
            var loss = default(LossCurve);
            for (int k = 0; k < LossCurve.Points; k++)
            {
                loss[k] = _lossSums[k] / _weight;
            }

            return new DelayCost(arrivalsPerUs, utilization, queuedBehind, queuedWorkUs, loss);
        }
    }
}
