using System.Runtime.CompilerServices;
using Fpx.Client;

namespace Fpx.Load;

/// <summary>
/// Sends <c>decide</c> requests on a fixed schedule (request i is due at start + i / rate),
/// whether or not earlier ones were answered (open loop), and measures each latency from the
/// moment the request was due, not from when it was sent, so a stalled sender or server cannot
/// hide its stall (no coordinated omission). Uses only <see cref="IDecider"/>.
/// </summary>
public sealed class OpenLoopDriver
{
    private readonly IDecider _decider;
    private readonly Func<long, DecideRequest> _requests;
    private readonly OpenLoopOptions _options;
    private readonly TimeProvider _time;
    private readonly LoadRecorder _recorder;
    private readonly Lock _poolLock = new();
    private readonly Stack<Tracker> _pool = new();
    private long _outstanding;

    /// <summary>Creates a driver.</summary>
    /// <param name="decider">Where requests go.</param>
    /// <param name="requests">Makes request number i (0-based); called on the pacing thread.</param>
    /// <param name="options">Rate, duration, limits.</param>
    public OpenLoopDriver(IDecider decider, Func<long, DecideRequest> requests, OpenLoopOptions options)
    {
        ArgumentNullException.ThrowIfNull(decider);
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(options);
        _decider = decider;
        _requests = requests;
        _options = options;
        _time = options.TimeProvider;
        _recorder = new LoadRecorder(_time.TimestampFrequency);
    }

    /// <summary>Runs the schedule on a dedicated thread, then waits for answers up to the drain timeout.</summary>
    /// <param name="cancellationToken">Stops sending early (answers already due are still awaited).</param>
    /// <returns>The result.</returns>
    public async Task<LoadResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var sending = new TaskCompletionSource<(long Sent, long NotSent, long Start)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                sending.SetResult(Pace(cancellationToken));
            }
            catch (Exception e)
            {
                sending.SetException(e);
            }
        })
        { IsBackground = true, Name = "fpx-load-pacer" };
        thread.Start();
        (long sent, long notSent, long start) = await sending.Task.ConfigureAwait(false);
        long sendEnd = _time.GetTimestamp();
        long drainUntil = sendEnd + (long)(_options.DrainTimeout.TotalSeconds * _time.TimestampFrequency);
        while (Interlocked.Read(ref _outstanding) > 0 && _time.GetTimestamp() < drainUntil)
        {
            await Task.Delay(1, CancellationToken.None).ConfigureAwait(false);
        }

        long elapsed = _time.GetTimestamp() - start;
        return _recorder.ToResult(sent, notSent, Interlocked.Read(ref _outstanding), (sendEnd - start) / (double)_time.TimestampFrequency, elapsed / (double)_time.TimestampFrequency);
    }

    private (long Sent, long NotSent, long Start) Pace(CancellationToken cancellationToken)
    {
        long total = _options.TotalRequests;
        double ticksPerRequest = _time.TimestampFrequency / _options.RequestsPerSecond;
        long start = _time.GetTimestamp();
        long sent = 0, notSent = 0;
        for (long i = 0; i < total && !cancellationToken.IsCancellationRequested; i++)
        {
            long due = start + (long)(i * ticksPerRequest);
            WaitUntil(due);
            if (Interlocked.Read(ref _outstanding) >= _options.MaxOutstanding)
            {
                notSent++;
                continue;
            }

            Send(due, _requests(i));
            sent++;
        }

        return (sent, notSent, start);
    }

    private void WaitUntil(long due)
    {
        long early;
        while ((early = due - _time.GetTimestamp()) > 0)
        {
            if (_options.Pacing == Pacing.Coarse || early > _time.TimestampFrequency / 500)
            {
                Thread.Sleep(1); // more than 2 ms early (or coarse pacing): let the machine work
            }
            else
            {
                Thread.Yield();
            }
        }
    }

    private void Send(long due, DecideRequest request)
    {
        Tracker tracker = Rent();
        tracker.Due = due;
        Interlocked.Increment(ref _outstanding);
        tracker.Sent = _time.GetTimestamp();
        try
        {
            tracker.Awaiter = _decider.DecideAsync(request).GetAwaiter();
        }
        catch (Exception e)
        {
            _recorder.RecordException(e);
            Interlocked.Decrement(ref _outstanding);
            Return(tracker);
            return;
        }

        if (tracker.Awaiter.IsCompleted)
        {
            tracker.OnCompleted();
        }
        else
        {
            tracker.Awaiter.UnsafeOnCompleted(tracker.Continuation);
        }
    }

    private Tracker Rent()
    {
        lock (_poolLock)
        {
            if (_pool.TryPop(out Tracker? tracker))
            {
                return tracker;
            }
        }

        return new Tracker(this);
    }

    private void Return(Tracker tracker)
    {
        tracker.Awaiter = default;
        lock (_poolLock)
        {
            _pool.Push(tracker);
        }
    }

    /// <summary>One request in flight; pooled, with its continuation delegate made once.</summary>
    private sealed class Tracker
    {
        private readonly OpenLoopDriver _driver;

        public Tracker(OpenLoopDriver driver)
        {
            _driver = driver;
            Continuation = OnCompleted;
        }

        public long Due;
        public long Sent;
        public ValueTaskAwaiter<Decision> Awaiter;

        public Action Continuation { get; }

        public void OnCompleted()
        {
            long now = _driver._time.GetTimestamp();
            try
            {
                Decision decision = Awaiter.GetResult();
                _driver._recorder.Record(decision, Due, Sent, now);
            }
            catch (Exception e)
            {
                _driver._recorder.RecordException(e);
            }

            Interlocked.Decrement(ref _driver._outstanding);
            _driver.Return(this);
        }
    }
}
