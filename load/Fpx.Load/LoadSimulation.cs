namespace Fpx.Load;

/// <summary>
/// One phase of a scenario's load, as in NBomber: open-model <see cref="Inject"/> and
/// <see cref="RampingInject"/> (arrivals on a fixed schedule, whatever the answers do), closed-model
/// <see cref="KeepConstant"/> (copies that each wait for their answer before the next request), and
/// <see cref="Pause"/>. A scenario runs its phases one after another.
/// </summary>
public abstract record LoadSimulation
{
    private protected LoadSimulation(TimeSpan during)
    {
        if (during <= TimeSpan.Zero || during > TimeSpan.FromHours(24))
        {
            throw new ArgumentOutOfRangeException(nameof(during), during, "A phase lasts more than 0 and at most 24 h.");
        }

        During = during;
    }

    /// <summary>How long the phase lasts.</summary>
    public TimeSpan During { get; }

    /// <summary>
    /// <paramref name="rate"/> arrivals per <paramref name="interval"/>, evenly spaced, for
    /// <paramref name="during"/> (open model: sent when due, answered or not).
    /// </summary>
    /// <param name="rate">Arrivals per interval (&gt; 0; at most 1,000,000 per second overall).</param>
    /// <param name="interval">The interval the rate is given per (e.g. 1 s).</param>
    /// <param name="during">How long.</param>
    /// <returns>The phase.</returns>
    public static LoadSimulation Inject(double rate, TimeSpan interval, TimeSpan during) => new InjectSimulation(PerSecond(rate, interval), during);

    /// <summary>
    /// Arrivals whose rate moves linearly from the previous phase's rate (0 after a closed phase,
    /// a pause, or at the start) to <paramref name="rate"/> per <paramref name="interval"/> over
    /// <paramref name="during"/> (open model).
    /// </summary>
    /// <param name="rate">The target arrivals per interval (≥ 0).</param>
    /// <param name="interval">The interval the rate is given per.</param>
    /// <param name="during">How long the ramp lasts.</param>
    /// <returns>The phase.</returns>
    public static LoadSimulation RampingInject(double rate, TimeSpan interval, TimeSpan during) => new RampingInjectSimulation(PerSecond(rate, interval, allowZero: true), during);

    /// <summary>
    /// <paramref name="copies"/> concurrent copies of the step, each starting its next request when
    /// the last one is answered, after <paramref name="thinkTime"/> (closed model: a stalled host
    /// slows the copies down, so fewer requests are made and the stall hides from the percentiles).
    /// </summary>
    /// <param name="copies">Concurrent copies, 1..10,000.</param>
    /// <param name="during">How long.</param>
    /// <param name="thinkTime">Wait between an answer and the copy's next request (not part of any latency); 0..1 min, default 0.</param>
    /// <returns>The phase.</returns>
    public static LoadSimulation KeepConstant(int copies, TimeSpan during, TimeSpan thinkTime = default) => new KeepConstantSimulation(copies, during, thinkTime);

    /// <summary>No requests for <paramref name="during"/> (e.g. to start a burst scenario late).</summary>
    /// <param name="during">How long.</param>
    /// <returns>The phase.</returns>
    public static LoadSimulation Pause(TimeSpan during) => new PauseSimulation(during);

    private static double PerSecond(double rate, TimeSpan interval, bool allowZero = false)
    {
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "The interval must be positive.");
        }

        double perSecond = rate / interval.TotalSeconds;
        if (!double.IsFinite(perSecond) || perSecond < 0 || (perSecond == 0 && !allowZero) || perSecond > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "The rate must be positive and at most 1,000,000 per second.");
        }

        return perSecond;
    }
}

/// <summary>Open model at a constant rate (made by <see cref="LoadSimulation.Inject"/>).</summary>
public sealed record InjectSimulation : LoadSimulation
{
    internal InjectSimulation(double perSecond, TimeSpan during)
        : base(during) => PerSecond = perSecond;

    /// <summary>Arrivals per second.</summary>
    public double PerSecond { get; }
}

/// <summary>Open model with a linear ramp to a target rate (made by <see cref="LoadSimulation.RampingInject"/>).</summary>
public sealed record RampingInjectSimulation : LoadSimulation
{
    internal RampingInjectSimulation(double targetPerSecond, TimeSpan during)
        : base(during) => TargetPerSecond = targetPerSecond;

    /// <summary>Arrivals per second at the end of the ramp.</summary>
    public double TargetPerSecond { get; }
}

/// <summary>Closed model: a number of copies (made by <see cref="LoadSimulation.KeepConstant"/>).</summary>
public sealed record KeepConstantSimulation : LoadSimulation
{
    internal KeepConstantSimulation(int copies, TimeSpan during, TimeSpan thinkTime)
        : base(during)
    {
        Copies = copies is >= 1 and <= 10_000 ? copies : throw new ArgumentOutOfRangeException(nameof(copies), copies, "Copies must be in [1, 10000].");
        ThinkTime = thinkTime >= TimeSpan.Zero && thinkTime <= TimeSpan.FromMinutes(1) ? thinkTime : throw new ArgumentOutOfRangeException(nameof(thinkTime), thinkTime, "Think time must be in [0, 1 min].");
    }

    /// <summary>Concurrent copies.</summary>
    public int Copies { get; }

    /// <summary>Wait between an answer and the next request of a copy.</summary>
    public TimeSpan ThinkTime { get; }
}

/// <summary>No requests (made by <see cref="LoadSimulation.Pause"/>).</summary>
public sealed record PauseSimulation : LoadSimulation
{
    internal PauseSimulation(TimeSpan during)
        : base(during)
    {
    }
}
