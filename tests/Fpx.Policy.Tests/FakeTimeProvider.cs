namespace Fpx.Policy.Tests;

/// <summary>A clock that moves only when told (Microsoft.Extensions.TimeProvider.Testing is not served here).</summary>
internal sealed class FakeTimeProvider : TimeProvider
{
    private long _ticks;

    public FakeTimeProvider(DateTimeOffset? start = null) =>
        _ticks = (start ?? new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero)).UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _ticks, by.Ticks);
    }
}
