namespace Fpx.Host.Tests.Support;

/// <summary>
/// A manual clock (Microsoft.Extensions.TimeProvider.Testing is not served here): time moves
/// only on <see cref="Advance"/>, which also fires due timers, on the caller's thread.
/// </summary>
public sealed class FakeTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<FakeTimer> _timers = [];
    private long _ticks;

    public FakeTimeProvider(DateTimeOffset? start = null) => _start = start ?? new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    private readonly DateTimeOffset _start;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override DateTimeOffset GetUtcNow() => _start.AddTicks(GetTimestamp());

    public TimeSpan Elapsed => TimeSpan.FromTicks(GetTimestamp());

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        long target = Interlocked.Read(ref _ticks) + by.Ticks;
        while (true)
        {
            FakeTimer? next;
            lock (_lock)
            {
                next = null; // a loop, not LINQ: allocation tests advance this clock
                foreach (FakeTimer t in _timers)
                {
                    if (t.DueAt <= target && (next is null || t.DueAt < next.DueAt))
                    {
                        next = t;
                    }
                }

                if (next is null)
                {
                    Interlocked.Exchange(ref _ticks, target);
                    return;
                }

                Interlocked.Exchange(ref _ticks, Math.Max(next.DueAt, Interlocked.Read(ref _ticks)));
                next.DueAt = next.Period > 0 ? next.DueAt + next.Period : long.MaxValue;
            }

            next.Callback(next.State);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        timer.Change(dueTime, period);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        return timer;
    }

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public long DueAt = long.MaxValue;
        public long Period;
        public TimerCallback Callback => callback;
        public object? State => state;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._lock)
            {
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? long.MaxValue : owner.GetTimestamp() + dueTime.Ticks;
                Period = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
            }

            return true;
        }

        public void Dispose()
        {
            lock (owner._lock)
            {
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
