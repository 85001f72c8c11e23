using Fpx.Client;

namespace Fpx.Load;

/// <summary>Collects outcomes of a run: counts by outcome and four latency histograms. Thread-safe.</summary>
internal sealed class LoadRecorder(long frequency)
{
    private readonly Lock _countsLock = new();
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly LatencyHistogram _latency = new();
    private readonly LatencyHistogram _service = new();
    private readonly LatencyHistogram _overhead = new();
    private readonly LatencyHistogram _queue = new();
    private readonly LatencyHistogram _host = new();
    private long _deadlineMissed;

    public void Record(in Decision decision, long due, long sent, long now)
    {
        double latency = (now - due) * 1e6 / frequency;
        double service = (now - sent) * 1e6 / frequency;
        _latency.Record(latency);
        _service.Record(service);
        if (decision.IsSuccess)
        {
            _overhead.Record(Math.Max(0, service - decision.ComputeMicroseconds));
            _queue.Record(decision.QueueMicroseconds);
            _host.Record(Math.Max(0, decision.HostMicroseconds - decision.ComputeMicroseconds));
            if (!decision.DeadlineMet)
            {
                Interlocked.Increment(ref _deadlineMissed);
            }
        }

        Count(decision.ErrorCode ?? LoadResult.Ok);
    }

    public void RecordException(Exception e) => Count(e is OperationCanceledException ? "cancelled_by_client" : e is FpxConnectionException ? DecisionErrors.ConnectionFailed : "exception");

    private void Count(string outcome)
    {
        lock (_countsLock)
        {
            _counts[outcome] = _counts.GetValueOrDefault(outcome) + 1;
        }
    }

    public LoadResult ToResult(long sent, long notSent, long noResponse, double sendSeconds, double elapsedSeconds)
    {
        Dictionary<string, long> counts;
        lock (_countsLock)
        {
            counts = new Dictionary<string, long>(_counts, StringComparer.Ordinal);
        }

        if (notSent > 0)
        {
            counts[LoadResult.NotSent] = notSent;
        }

        if (noResponse > 0)
        {
            counts[LoadResult.NoResponse] = noResponse;
        }

        return new LoadResult(sent, counts, _latency, _service, _overhead, _queue, _host, Interlocked.Read(ref _deadlineMissed), sendSeconds, elapsedSeconds);
    }
}
