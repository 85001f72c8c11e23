using System.Collections.Concurrent;
using System.Threading.Channels;
using Fpx.Host.Backend;
using Fpx.Policy.Shadow;

namespace Fpx.Host.Scheduling;

/// <summary>
/// The deadline scheduler: a bounded intake (a <see cref="Channel{T}"/> any thread writes to) and
/// one dedicated compute thread that moves admitted jobs into earliest-deadline-first queues (two
/// per variant: requests expected to meet their deadlines, and degraded ones, served only when no
/// other work is queued; one for session operations), drops those that expire while queued,
/// batches queued jobs of the same variant when that keeps their deadlines, reports every pass to
/// an <see cref="IPassObserver"/>, runs shadow comparisons when idle, and is the only caller of the
/// backend. See docs/decisions/0020-host-threading-model.md, 0021-edf-and-batching.md and
/// 0033-degraded-last-queueing.md and 0035-shadows-only-when-idle.md.
/// </summary>
internal sealed partial class Scheduler : IDisposable
{
    private readonly IDecisionBackend _backend;
    private readonly SchedulerOptions _options;
    private readonly TimeProvider _time;
    private readonly HostLog _log;
    private readonly Channel<Job> _intake;
    private readonly ConcurrentQueue<IJobOwner> _closedOwners = new();
    // Level-triggered wake-up: producers write then Set; the compute thread prepares, re-checks, then
    // waits. A blocked thread waits without allocating (awaiting the channel would need a Task here).
    private readonly ComputeSignal _signal = ComputeSignal.Create();
    private readonly EdfQueue[] _queues;
    private readonly EdfQueue[] _degraded;
    private readonly EdfQueue _sessionOps;
    private readonly IPassObserver? _observer;
    private readonly JobPool _pool;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _warmedUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Thread? _thread;
    private volatile bool _stopping;
    private long _drainDeadline = long.MaxValue;

    public Scheduler(IDecisionBackend backend, SchedulerOptions options, LatencyEstimates latency, JobPool pool, TimeProvider time, HostLog log,
        IPassObserver? observer = null, AgreementTracker? agreements = null)
    {
        _backend = backend;
        _options = options;
        _time = time;
        _log = log;
        _pool = pool;
        Latency = latency;
        _intake = Channel.CreateBounded<Job>(new BoundedChannelOptions(options.IntakeCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _queues = [.. backend.Variants.Select(_ => new EdfQueue(options.IntakeCapacity))];
        _degraded = [.. backend.Variants.Select(_ => new EdfQueue(16))];
        _sessionOps = new EdfQueue(64);
        _observer = observer;
        _batch = new Job[options.MaxBatchSize];
        _items = new BackendItem[options.MaxBatchSize];
        _times = new TimeSpan[options.MaxBatchSize];
        Agreements = agreements;
        _shadows = CreateShadows(options, agreements);
    }

    public LatencyEstimates Latency { get; }

    public SchedulerCounters Counters { get; } = new();

    /// <summary>True once <see cref="Stop"/> was called: new jobs are refused.</summary>
    public bool IsStopping => _stopping;

    /// <summary>Completes when the compute thread has answered everything and exited.</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>Completes when the warm-up passes are done (or the compute thread ended).</summary>
    public Task WarmedUp => _warmedUp.Task;

    /// <summary>Starts the compute thread, which first runs the warm-up passes.</summary>
    public void Start()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "fpx-compute" };
        _thread.Start();
    }

    /// <summary>Admits a job (any thread). False when the intake is full or the scheduler is stopping.</summary>
    public bool TryEnqueue(Job job)
    {
        if (!_intake.Writer.TryWrite(job))
        {
            return false;
        }

        _signal.Set();
        return true;
    }

    /// <summary>Asks the compute thread to close every session <paramref name="owner"/> opened (its connection closed).</summary>
    public void OwnerClosed(IJobOwner owner)
    {
        _closedOwners.Enqueue(owner);
        _signal.Set();
    }

    /// <summary>
    /// Refuses new jobs, lets queued ones finish within <see cref="SchedulerOptions.DrainTimeout"/>,
    /// answers the rest <c>cancelled</c>, then the compute thread exits (<see cref="Stopped"/>).
    /// </summary>
    public void Stop()
    {
        if (_stopping)
        {
            return;
        }

        Volatile.Write(ref _drainDeadline, _time.GetTimestamp() + (long)(_options.DrainTimeout.TotalSeconds * _time.TimestampFrequency));
        _stopping = true;
        _intake.Writer.TryComplete();
        _signal.Set();
        if (_thread is null)
        {
            _stopped.TrySetResult();
        }
    }

    private void Run()
    {
        try
        {
            Warmup();
            _warmedUp.TrySetResult();
            while (PumpOnce() || !WaitForWork())
            {
            }
        }
        catch (Exception e)
        {
            _log.Error($"compute thread failed: {e}");
        }
        finally
        {
            _warmedUp.TrySetResult();
            _stopped.TrySetResult();
        }
    }

    /// <summary>Blocks until work may be there; true when the thread should exit.</summary>
    private bool WaitForWork()
    {
        if (SpinForWork())
        {
            return false;
        }

        _signal.PrepareWait();
        if (_intake.Reader.TryPeek(out _) || !_closedOwners.IsEmpty)
        {
            return false;
        }

        if (_stopping && _intake.Reader.Completion.IsCompleted && QueuedCount == 0)
        {
            return true;
        }

        long before = _time.GetTimestamp();
        _signal.Wait(TimeSpan.FromMilliseconds(250));
        if (_intake.Reader.TryPeek(out _) && _time.GetElapsedTime(before) > TimeSpan.FromMilliseconds(100))
        {
            // Work arrived but the wake-up took over 100 ms: a lost wake-up (bug) or a starved thread.
            Counters.SlowWakeups++;
        }

        return false;
    }

    /// <summary>Polls the intake for up to <see cref="SchedulerOptions.IdleSpin"/>; true when work arrived.</summary>
    private bool SpinForWork()
    {
        if (_options.IdleSpin <= TimeSpan.Zero || _stopping)
        {
            return false;
        }

        long until = _time.GetTimestamp() + (long)(_options.IdleSpin.TotalSeconds * _time.TimestampFrequency);
        do
        {
            if (_intake.Reader.TryPeek(out _) || !_closedOwners.IsEmpty)
            {
                return true;
            }

            Thread.SpinWait(30);
        }
        while (_time.GetTimestamp() < until);
        return false;
    }

    private int QueuedCount
    {
        get
        {
            int n = _sessionOps.Count;
            for (int v = 0; v < _queues.Length; v++)
            {
                n += _queues[v].Count + _degraded[v].Count;
            }

            return n;
        }
    }

    /// <summary>
    /// One step of the compute loop: take in new jobs and closed owners, then run the most urgent
    /// pass. False when there was nothing to run. Tests call this directly with a fake clock.
    /// </summary>
    internal bool PumpOnce()
    {
        while (_intake.Reader.TryRead(out Job? job))
        {
            (job.Kind != JobKind.Decide ? _sessionOps : job.Degraded ? _degraded[job.Variant] : _queues[job.Variant]).Push(job);
        }

        while (_closedOwners.TryDequeue(out IJobOwner? owner))
        {
            CloseSessionsOf(owner);
        }

        long now = _time.GetTimestamp();
        if (_stopping && now > Volatile.Read(ref _drainDeadline))
        {
            CancelAll();
            return false;
        }

        int pick = Earliest(_queues, now);
        long earliest = pick < 0 ? long.MaxValue : _queues[pick].Peek().Deadline;
        int degraded = Earliest(_degraded, now);
        Purge(_sessionOps, now);
        if (_sessionOps.Count > 0 && _sessionOps.Peek().Deadline <= earliest)
        {
            RunSessionOp(_sessionOps.Pop());
            return true;
        }

        if (pick >= 0)
        {
            RunBatch(_queues[pick], pick, now);
            return true;
        }

        // Degraded requests are expected to miss anyway: they run only when nothing that can still
        // meet its deadline is queued, so they never push such a request past it (0013's "degraded last").
        if (degraded >= 0)
        {
            RunBatch(_degraded[degraded], degraded, now);
            return true;
        }

        return TryRunShadow();
    }

    /// <summary>Purges the heads of <paramref name="queues"/> and returns the one whose head has the earliest deadline, or -1.</summary>
    private int Earliest(EdfQueue[] queues, long now)
    {
        int pick = -1;
        long earliest = long.MaxValue;
        for (int v = 0; v < queues.Length; v++)
        {
            EdfQueue q = queues[v];
            Purge(q, now);
            if (q.Count > 0 && q.Peek().Deadline < earliest)
            {
                earliest = q.Peek().Deadline;
                pick = v;
            }
        }

        return pick;
    }

    /// <summary>Answers the jobs at the top of a queue that were cancelled or have expired (EDF: if the top has not expired, none has).</summary>
    private void Purge(EdfQueue queue, long now)
    {
        while (queue.Count > 0)
        {
            Job top = queue.Peek();
            if (top.IsCancelled)
            {
                queue.Pop();
                Counters.Cancelled++;
                Finish(top, Protocol.Rpc.RpcErrorCodes.Cancelled, ErrorMessages.CancelledByCaller);
            }
            else if (!top.NeverExpires && top.Deadline < now)
            {
                queue.Pop();
                Counters.Expired++;
                Finish(top, Protocol.Rpc.RpcErrorCodes.Expired, ErrorMessages.Expired);
            }
            else
            {
                return;
            }
        }
    }

    private void CancelAll()
    {
        while (_intake.Reader.TryRead(out Job? job))
        {
            Finish(job, Protocol.Rpc.RpcErrorCodes.Cancelled, ErrorMessages.ShuttingDown);
        }

        foreach (EdfQueue q in _queues.Concat(_degraded).Append(_sessionOps))
        {
            while (q.Count > 0)
            {
                Finish(q.Pop(), Protocol.Rpc.RpcErrorCodes.Cancelled, ErrorMessages.ShuttingDown);
            }
        }
    }

    private void Finish(Job job, string code, string message)
    {
        job.Fail(code, message);
        Finish(job);
    }

    /// <summary>Hands a finished job to its owner (which writes the response and returns it to the pool).</summary>
    private void Finish(Job job)
    {
        if (job.Kind == JobKind.Decide)
        {
            Latency.Finish(job.PredictedCompute, job.Work);
        }

        if (job.Owner is { } owner)
        {
            owner.Complete(job);
        }
        else
        {
            _pool.Return(job);
        }
    }

    public void Dispose() => _signal.Dispose();
}
