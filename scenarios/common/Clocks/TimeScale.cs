namespace Fpx.Scenarios;

/// <summary>
/// Converts decision latency (wall microseconds) into simulated time. A scenario runs its world
/// <see cref="SimulatedSecondsPerWallSecond"/> times faster than real time, so that the ~0.1-2 ms
/// the models take moves the world by a meaningful amount (a fraction of a tick, a few frames).
/// </summary>
public readonly record struct TimeScale
{
    /// <summary>Creates a scale.</summary>
    /// <param name="simulatedSecondsPerWallSecond">Replay or game speed; positive and finite.</param>
    public TimeScale(double simulatedSecondsPerWallSecond)
    {
        if (!(simulatedSecondsPerWallSecond > 0 && double.IsFinite(simulatedSecondsPerWallSecond)))
        {
            throw new ArgumentOutOfRangeException(nameof(simulatedSecondsPerWallSecond), simulatedSecondsPerWallSecond, "must be positive and finite");
        }
        SimulatedSecondsPerWallSecond = simulatedSecondsPerWallSecond;
    }

    /// <summary>Simulated seconds that pass per wall-clock second of decision latency.</summary>
    public double SimulatedSecondsPerWallSecond { get; }

    /// <summary>A game clock where one wall millisecond of latency is <paramref name="framesPerMs"/> frames at <paramref name="framesPerSecond"/>.</summary>
    public static TimeScale FromFramesPerMillisecond(double framesPerMs, double framesPerSecond) =>
        new(framesPerMs * 1000 / framesPerSecond);

    /// <summary>Simulated seconds that a latency of <paramref name="latencyUs"/> wall microseconds spans.</summary>
    public double ToSimulatedSeconds(double latencyUs) => latencyUs * 1e-6 * SimulatedSecondsPerWallSecond;

    /// <summary>Frames (fractional) at <paramref name="framesPerSecond"/> that a latency spans.</summary>
    public double ToFrames(double latencyUs, double framesPerSecond) => ToSimulatedSeconds(latencyUs) * framesPerSecond;

    /// <summary>The wall latency, in microseconds, that spans <paramref name="simulatedSeconds"/>.</summary>
    public double ToLatencyUs(double simulatedSeconds) => simulatedSeconds / SimulatedSecondsPerWallSecond * 1e6;
}
