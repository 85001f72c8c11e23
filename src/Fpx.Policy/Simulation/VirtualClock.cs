namespace Fpx.Policy.Simulation;

/// <summary>The simulation's clock: time moves only when the simulator says, in 100 ns ticks.</summary>
internal sealed class VirtualClock : TimeProvider
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public double NowUs { get; set; }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => (long)(NowUs * TimeSpan.TicksPerMicrosecond);

    public override DateTimeOffset GetUtcNow() => Epoch.AddTicks(GetTimestamp());
}
