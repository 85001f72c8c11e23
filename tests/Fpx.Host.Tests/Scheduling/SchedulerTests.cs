using Fpx.Host.Backend;
using Fpx.Host.Scheduling;
using Fpx.Host.Tasks;
using Fpx.Host.Tests.Support;
using Fpx.Protocol.Rpc;

namespace Fpx.Host.Tests.Scheduling;

/// <summary>The compute loop driven step by step on the test thread, on a fake clock that the fake backend advances.</summary>
public sealed class SchedulerTests : IDisposable
{
    private static readonly TaskDefinition Task = new("t", [0, 1, 2], OnMissRule.Degrade);
    private readonly FakeTimeProvider _time = new();
    private readonly FakeBackend _backend;
    private readonly Scheduler _scheduler;
    private readonly JobPool _pool = new(64);
    private readonly Owner _owner = new();

    public SchedulerTests()
    {
        FakeVariant[] variants =
        [
            new(new VariantInfo("slow", 16, 1, 0), TimeSpan.FromMicroseconds(400), TimeSpan.Zero),
            new(new VariantInfo("fast", 4, 1, 1), TimeSpan.FromMicroseconds(100), TimeSpan.Zero),
        ];
        _backend = new FakeBackend(new FakeBackendOptions { Variants = variants, Mode = FakeComputeMode.Virtual, TimeProvider = _time, OnCompute = _time.Advance });
        _scheduler = new Scheduler(_backend, new SchedulerOptions { MaxBatchSize = 4, IntakeCapacity = 8 }, new LatencyEstimates(2), _pool, _time, HostLog.Null);
        _owner.Pool = _pool;
        // Seed the estimates as the warm-up would: slow 400 us, fast 100 us (fake clock: 10 ticks per us).
        _scheduler.Latency.Record(0, 4000);
        _scheduler.Latency.Record(1, 1000);
    }

    private Job Submit(uint id, int variant, long budgetUs, long? receivedAt = null)
    {
        Job job = _pool.Rent();
        job.Owner = _owner;
        job.MessageId = id;
        job.Task = Task;
        job.Variant = variant;
        job.ReceivedAt = receivedAt ?? _time.GetTimestamp();
        job.Deadline = job.ReceivedAt + (budgetUs * 10); // fake clock: 10 ticks per microsecond
        job.EnsureTokens(2)[0] = (int)id;
        job.EnsureProbabilities(3);
        job.PredictedCompute = _scheduler.Latency.P99(variant);
        _scheduler.Latency.Admit(job.PredictedCompute);
        Assert.True(_scheduler.TryEnqueue(job));
        return job;
    }

    private void RunAll()
    {
        while (_scheduler.PumpOnce())
        {
        }
    }

    [Fact]
    public void Serves_in_deadline_order_and_fills_the_results()
    {
        Submit(1, 0, 10_000);
        Submit(2, 1, 1_000);
        Submit(3, 0, 5_000);
        _scheduler.PumpOnce();
        Assert.Equal([2u], _owner.Done.Select(d => d.Id));
        RunAll();
        Assert.Equal([2u, 3, 1], _owner.Done.Select(d => d.Id)); // 3 and 1 share a pass (both still meet their deadlines)
        Result first = _owner.Done[0];
        Assert.Null(first.Error);
        Assert.Equal(TimeSpan.FromMicroseconds(100), first.Compute);
        Assert.Equal(2, _backend.Passes);
        Assert.Contains(first.Action, Task.ActionTokens.ToArray());
        Assert.Equal(0, _scheduler.Latency.Queued);
        Assert.Equal(0, _scheduler.Latency.PendingWork);
    }

    [Fact]
    public void Requests_that_expire_while_queued_are_answered_expired_without_compute()
    {
        Submit(1, 0, 1_000);
        Submit(2, 0, 300); // behind nothing, but its deadline passes before it is picked
        Submit(3, 0, 100_000);
        _time.Advance(TimeSpan.FromMicroseconds(500));
        RunAll();
        Assert.Equal(RpcErrorCodes.Expired, _owner.Done.Single(d => d.Id == 2).Error);
        Assert.Equal(2, _backend.Decisions);
        Assert.Equal(1, _scheduler.Counters.Expired);
    }

    [Fact]
    public void Batches_same_variant_requests_only_while_every_deadline_still_holds()
    {
        // Linear batch cost: a pass of n costs n x 100 us. Deadlines 250, 350, 10000 us:
        // 1 + 2 fit in 200 us; adding 3 makes 300 us, past 250 -> stop.
        Submit(1, 1, 250);
        Submit(2, 1, 350);
        Submit(3, 1, 10_000);
        _scheduler.PumpOnce();
        Assert.Equal([1u, 2], _owner.Done.Select(d => d.Id));
        Assert.Equal(1, _backend.Passes);
        RunAll();
        Assert.Equal(2, _backend.Passes);
        Assert.All(_owner.Done, d => Assert.Null(d.Error));
        Assert.Equal(2, _scheduler.Counters.MaxBatch);
    }

    [Fact]
    public void A_member_that_would_miss_anyway_does_not_block_batching()
    {
        Submit(1, 1, 50); // cannot make 100 us even alone
        Submit(2, 1, 10_000);
        Submit(3, 1, 10_000);
        _scheduler.PumpOnce();
        Assert.Equal(3, _owner.Done.Count);
        Assert.Equal(1, _backend.Passes);
    }

    [Fact]
    public void Cancelled_jobs_are_answered_cancelled_without_compute()
    {
        Job job = Submit(1, 0, 10_000);
        Submit(2, 0, 1_000);
        Assert.True(job.TryCancel());
        RunAll();
        Assert.Equal(RpcErrorCodes.Cancelled, _owner.Done.Single(d => d.Id == 1).Error);
        Assert.Equal(1, _backend.Decisions);
    }

    [Fact]
    public void Stop_refuses_new_jobs_and_drains_queued_ones()
    {
        Submit(1, 0, 10_000);
        _scheduler.Stop();
        Job late = _pool.Rent();
        Assert.False(_scheduler.TryEnqueue(late));
        RunAll();
        Assert.Null(Assert.Single(_owner.Done).Error);
        Assert.True(_scheduler.IsStopping);
    }

    [Fact]
    public void The_intake_is_bounded()
    {
        for (uint i = 0; i < 8; i++)
        {
            Submit(i, 1, 10_000);
        }

        Job extra = _pool.Rent();
        Assert.False(_scheduler.TryEnqueue(extra));
    }

    [Fact]
    public void Sessions_open_append_decide_close_and_belong_to_their_owner()
    {
        Job open = _pool.Rent();
        open.Kind = JobKind.SessionOpen;
        open.Owner = _owner;
        open.MessageId = 1;
        open.Deadline = 1_000_000;
        _scheduler.TryEnqueue(open);
        RunAll();
        long session = _owner.Done[0].Session;
        Assert.True(session > 0);

        Job decide = Submit(2, 0, 10_000);
        decide.SessionId = session; // (set after enqueue is fine here: the test thread is the compute thread)
        var stranger = new Owner { Pool = _pool };
        Job foreign = _pool.Rent();
        foreign.Kind = JobKind.SessionClose;
        foreign.Owner = stranger;
        foreign.SessionId = session;
        foreign.Deadline = 2_000_000;
        _scheduler.TryEnqueue(foreign);
        RunAll();
        Assert.Null(_owner.Done.Single(d => d.Id == 2).Error);
        Assert.Equal(RpcErrorCodes.BadRequest, stranger.Done.Single().Error);
        Assert.Equal(1, _backend.OpenSessions);

        _scheduler.OwnerClosed(_owner);
        RunAll();
        Assert.Equal(0, _backend.OpenSessions);
        Assert.Equal(0, _scheduler.OpenSessions);
    }

    [Fact]
    public void The_compute_path_allocates_nothing_in_steady_state()
    {
        for (int round = 0; round < 200; round++)
        {
            Submit((uint)round, round % 2, 10_000);
            RunAll();
        }

        _owner.Record = false;
        long Measure(int rounds)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int round = 0; round < rounds; round++)
            {
                Submit((uint)round, round % 2, 10_000);
                Submit((uint)round + 5000, round % 2, 20_000);
                RunAll();
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Measure(2000); // let tiered compilation settle
        Assert.Equal(0, Measure(2000));
    }

    public void Dispose()
    {
        _scheduler.Dispose();
        _backend.Dispose();
    }

    private sealed record Result(uint Id, string? Error, int Action, TimeSpan Compute, long Session);

    private sealed class Owner : IJobOwner
    {
        public JobPool Pool = null!;
        public bool Record = true;
        public List<Result> Done { get; } = [];

        public void Complete(Job job)
        {
            if (Record)
            {
                Done.Add(new Result(job.MessageId, job.ErrorCode, job.Action, job.Compute, job.SessionId));
            }

            Pool.Return(job);
        }
    }
}
