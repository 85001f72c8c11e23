using Fpx.Client;

namespace Fpx.Load.Tests;

/// <summary>Steps and scenarios without a host.</summary>
internal static class Fakes
{
    /// <summary>A step answered ok after <paramref name="delay"/> (at once when zero), as variant fp8 with the deadline met.</summary>
    public static ScenarioStep After(TimeSpan delay, string variant = "fp8") => delay == TimeSpan.Zero
        ? _ => new ValueTask<StepResult>(StepResult.Ok(variant, deadlineMet: true))
        : async _ =>
        {
            await Task.Delay(delay);
            return StepResult.Ok(variant, deadlineMet: true);
        };

    /// <summary>Never answers (until cancelled, then throws).</summary>
    public static ScenarioStep Never() => async context =>
    {
        await Task.Delay(Timeout.Infinite, context.CancellationToken);
        return StepResult.Ok();
    };

    public static Scenario Scenario(string name, ScenarioStep step, double rate = 1000, double seconds = 0.2) =>
        Load.Scenario.Create(name, step).WithLoad(LoadSimulation.Inject(rate, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(seconds)));

    public static Task<LoadReport> RunAsync(params Scenario[] scenarios) =>
        new LoadRunner(new LoadRunOptions { DrainTimeout = TimeSpan.FromSeconds(2), TimelineInterval = TimeSpan.FromMilliseconds(100) }).RunAsync(scenarios);

    /// <summary>A decider that serves one request at a time, <paramref name="service"/> each, and stalls once for <paramref name="stall"/> on request <paramref name="stallAt"/>.</summary>
    public sealed class SerialServer(TimeSpan service, int stallAt, TimeSpan stall) : IDecider
    {
        private readonly Lock _lock = new();
        private DateTime _free = DateTime.MinValue;
        private int _n;

        public ValueTask<Decision> DecideAsync(DecideRequest request, CancellationToken cancellationToken = default)
        {
            DateTime done;
            lock (_lock)
            {
                DateTime start = _free > DateTime.UtcNow ? _free : DateTime.UtcNow;
                done = start + service + (_n++ == stallAt ? stall : TimeSpan.Zero);
                _free = done;
            }

            return new ValueTask<Decision>(Complete(done));
        }

        private static async Task<Decision> Complete(DateTime at)
        {
            TimeSpan wait = at - DateTime.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            return new Decision { Action = 0, Variant = "fp4", DeadlineMet = true };
        }
    }
}
