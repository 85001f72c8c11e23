using System.Collections.Concurrent;

namespace Fpx.Load;

/// <summary>Collects one scenario's outcomes; thread-safe, one interlocked add per figure.</summary>
internal sealed class ScenarioRecorder
{
    private readonly ConcurrentDictionary<string, long> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, VariantRecorder> _variants = new(StringComparer.Ordinal);
    private readonly LatencyHistogram _latency = new();
    private readonly LatencyHistogram _service = new();
    private readonly LatencyHistogram _overhead = new();
    private readonly LatencyHistogram _queue = new();
    private readonly LatencyHistogram _host = new();
    private readonly Timeline _timeline;
    private readonly TimeSpan _interval;
    private readonly double _microsecondsPerTick;
    private long _ok;
    private long _decisions;
    private long _deadlineMissed;

    public ScenarioRecorder(string name, long start, long frequency, TimeSpan interval, TimeSpan span)
    {
        Name = name;
        _interval = interval;
        _microsecondsPerTick = 1e6 / frequency;
        _timeline = new Timeline(start, frequency, interval, span);
    }

    public string Name { get; }

    /// <summary>Requests recorded so far (for the progress display).</summary>
    public long Count => Interlocked.Read(ref _ok) + _failures.Values.Sum();

    public long OkCount => Interlocked.Read(ref _ok);

    public LatencyHistogram Latency => _latency;

    /// <summary>An answered request (or a step that threw).</summary>
    public void Record(long due, long sent, long now, in StepResult result)
    {
        double latency = (now - due) * _microsecondsPerTick;
        _latency.Record(latency);
        _timeline.Record(due, result.ErrorCode, latency);
        if (!result.IsOk)
        {
            _failures.AddOrUpdate(result.ErrorCode!, 1, static (_, n) => n + 1);
            return;
        }

        Interlocked.Increment(ref _ok);
        bool missed = result.DeadlineMet == false;
        if (result.DeadlineMet.HasValue)
        {
            Interlocked.Increment(ref _decisions);
            if (missed)
            {
                Interlocked.Increment(ref _deadlineMissed);
            }
        }

        if (result.Variant is { } variant)
        {
            VariantRecorder v = _variants.GetOrAdd(variant, static name => new VariantRecorder());
            v.Latency.Record(latency);
            Interlocked.Increment(ref v.Requests);
            if (missed)
            {
                Interlocked.Increment(ref v.DeadlineMissed);
            }
        }

        if (result.HasHostTimes)
        {
            double service = (now - sent) * _microsecondsPerTick;
            _service.Record(service);
            _overhead.Record(Math.Max(0, service - result.ComputeMicroseconds));
            _queue.Record(result.QueueMicroseconds);
            _host.Record(Math.Max(0, result.HostMicroseconds - result.ComputeMicroseconds));
        }
    }

    /// <summary>An arrival that was due but not sent (too many outstanding): a failure without a latency.</summary>
    public void RecordNotSent(long due)
    {
        _failures.AddOrUpdate(LoadCodes.NotSent, 1, static (_, n) => n + 1);
        _timeline.Record(due, LoadCodes.NotSent, double.NaN);
    }

    /// <summary>A request still unanswered at the end of the drain: a timeout whose latency is at least its wait so far.</summary>
    public void RecordNoResponse(long due, long now) => Record(due, due, now, StepResult.Fail(LoadCodes.NoResponse));

    public ScenarioStats ToStats(double durationSeconds) => new(
        Name,
        durationSeconds,
        Interlocked.Read(ref _ok),
        new SortedDictionary<string, long>(_failures, StringComparer.Ordinal),
        _latency,
        new ScenarioStats.HostTimes(_service, _overhead, _queue, _host),
        Interlocked.Read(ref _decisions),
        Interlocked.Read(ref _deadlineMissed),
        [.. _variants.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new VariantStats(p.Key, Interlocked.Read(ref p.Value.Requests), Interlocked.Read(ref p.Value.DeadlineMissed), p.Value.Latency))],
        _timeline.ToPoints(),
        _interval);

    private sealed class VariantRecorder
    {
        public readonly LatencyHistogram Latency = new();
        public long Requests;
        public long DeadlineMissed;
    }
}
