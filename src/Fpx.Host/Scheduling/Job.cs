using Fpx.Host.Tasks;
using Fpx.Policy.Latency;

namespace Fpx.Host.Scheduling;

/// <summary>What a <see cref="Job"/> asks of the compute thread.</summary>
internal enum JobKind
{
    Decide,
    SessionOpen,
    SessionAppend,
    SessionClose,
}

/// <summary>Who hears about a finished job: the connection it came from.</summary>
internal interface IJobOwner
{
    /// <summary>
    /// Called on the compute thread (or on the owner's own thread for jobs that never reached
    /// the queue) once per job, with its result or error set. The owner writes the response and
    /// then returns the job to its pool.
    /// </summary>
    void Complete(Job job);
}

/// <summary>
/// One request on its way through the scheduler: pooled and reused, so the steady-state request
/// path allocates nothing. Times are <see cref="TimeProvider.GetTimestamp"/> ticks.
/// </summary>
internal sealed class Job
{
    private const int Queued = 0, Running = 1, Cancelled = 2;

    private int _state;

    public JobKind Kind;
    public IJobOwner? Owner;
    public uint MessageId;
    public long ReceivedAt;
    public long Deadline;
    public TaskDefinition? Task;
    public int Variant;
    public bool Degraded;
    public bool Forced;
    public bool NeverExpires;
    public long PredictedQueue;
    public long PredictedCompute;
    public QueueLoad Work;
    public double? ExpectedQuality;
    public int[] TokenBuffer = new int[64];
    public int TokenCount;
    public float[] ProbabilityBuffer = new float[16];
    public long SessionId = -1;

    // Results.
    public long StartedAt;
    public long FinishedAt;
    public TimeSpan Compute;
    public int Action;
    public int SessionLength;
    public string? ErrorCode;
    public string? ErrorMessage;

    /// <summary>Position in its EDF heap, or -1.</summary>
    public int HeapIndex = -1;

    public ReadOnlyMemory<int> Tokens => TokenBuffer.AsMemory(0, TokenCount);

    public Memory<float> Probabilities => ProbabilityBuffer.AsMemory(0, Task?.ActionTokens.Length ?? 0);

    public bool IsCancelled => Volatile.Read(ref _state) == Cancelled;

    /// <summary>Claims the job for compute; false when it was cancelled first.</summary>
    public bool TryStart() => Interlocked.CompareExchange(ref _state, Running, Queued) == Queued;

    /// <summary>Marks a queued job cancelled; false when compute already took it.</summary>
    public bool TryCancel() => Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued;

    public void Fail(string code, string message)
    {
        ErrorCode = code;
        ErrorMessage = message;
    }

    /// <summary>Makes room for <paramref name="count"/> tokens (grows only past the largest request seen).</summary>
    public Span<int> EnsureTokens(int count)
    {
        if (TokenBuffer.Length < count)
        {
            TokenBuffer = new int[Math.Max(count, TokenBuffer.Length * 2)];
        }

        TokenCount = count;
        return TokenBuffer.AsSpan(0, count);
    }

    public void EnsureProbabilities(int count)
    {
        if (ProbabilityBuffer.Length < count)
        {
            ProbabilityBuffer = new float[Math.Max(count, ProbabilityBuffer.Length * 2)];
        }
    }

    public void Reset()
    {
        _state = Queued;
        Kind = JobKind.Decide;
        Owner = null;
        MessageId = 0;
        ReceivedAt = Deadline = 0;
        Task = null;
        Variant = 0;
        Degraded = Forced = NeverExpires = false;
        PredictedQueue = PredictedCompute = 0;
        Work = QueueLoad.Empty;
        ExpectedQuality = null;
        TokenCount = 0;
        SessionId = -1;
        StartedAt = FinishedAt = 0;
        Compute = TimeSpan.Zero;
        Action = 0;
        SessionLength = 0;
        ErrorCode = ErrorMessage = null;
        HeapIndex = -1;
    }
}
