namespace Fpx.Load;

/// <summary>
/// A named load: a step (one request) and the phases that say when it runs. Each scenario of a
/// run has its own histograms and counts, so trading bots with tight budgets and game bots with
/// looser ones can run side by side and be judged apart. Immutable; the <c>With</c> methods copy.
/// </summary>
public sealed class Scenario
{
    private Scenario(string name, ScenarioStep step, IReadOnlyList<LoadSimulation> simulations, int maxOutstanding, int warmUp)
    {
        Name = name;
        Step = step;
        Simulations = simulations;
        MaxOutstanding = maxOutstanding;
        WarmUpRequests = warmUp;
    }

    /// <summary>The name (letters, digits, <c>_ - .</c>; used in reports and thresholds).</summary>
    public string Name { get; }

    /// <summary>The step.</summary>
    public ScenarioStep Step { get; }

    /// <summary>The phases, run one after another.</summary>
    public IReadOnlyList<LoadSimulation> Simulations { get; }

    /// <summary>Most requests awaiting an answer; an arrival due while this many are outstanding is not sent and counts as <see cref="LoadCodes.NotSent"/>.</summary>
    public int MaxOutstanding { get; }

    /// <summary>Requests made one at a time before the run starts and not recorded (JIT, connections, the host's caches). Default 0.</summary>
    public int WarmUpRequests { get; }

    /// <summary>The planned length: the sum of the phases.</summary>
    public TimeSpan Duration => Simulations.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.During);

    /// <summary>Creates a scenario with no phases yet (add them with <see cref="WithLoad"/>).</summary>
    /// <param name="name">The name.</param>
    /// <param name="step">The step.</param>
    /// <returns>The scenario.</returns>
    public static Scenario Create(string name, ScenarioStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (string.IsNullOrEmpty(name) || name.Length > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            throw new ArgumentException($"Scenario name '{name}' must be 1-64 characters of letters, digits, '_', '-' or '.'.", nameof(name));
        }

        return new Scenario(name, step, [], 10_000, 0);
    }

    /// <summary>Sets the phases.</summary>
    /// <param name="simulations">At least one phase.</param>
    /// <returns>A copy with these phases.</returns>
    public Scenario WithLoad(params LoadSimulation[] simulations)
    {
        ArgumentNullException.ThrowIfNull(simulations);
        if (simulations.Length == 0 || simulations.Any(s => s is null))
        {
            throw new ArgumentException("Give at least one phase, none null.", nameof(simulations));
        }

        return new Scenario(Name, Step, [.. simulations], MaxOutstanding, WarmUpRequests);
    }

    /// <summary>Sets the cap on outstanding requests.</summary>
    /// <param name="maxOutstanding">1..10,000,000; default 10,000.</param>
    /// <returns>A copy with this cap.</returns>
    public Scenario WithMaxOutstanding(int maxOutstanding) =>
        new(Name, Step, Simulations, maxOutstanding is >= 1 and <= 10_000_000 ? maxOutstanding : throw new ArgumentOutOfRangeException(nameof(maxOutstanding), maxOutstanding, "MaxOutstanding must be in [1, 10000000]."), WarmUpRequests);

    /// <summary>Sets the warm-up: requests made one at a time before the run, not recorded (the run waits for them at most its drain timeout).</summary>
    /// <param name="requests">0..100,000.</param>
    /// <returns>A copy with this warm-up.</returns>
    public Scenario WithWarmUp(int requests) =>
        new(Name, Step, Simulations, MaxOutstanding, requests is >= 0 and <= 100_000 ? requests : throw new ArgumentOutOfRangeException(nameof(requests), requests, "Warm-up requests must be in [0, 100000]."));
}

/// <summary>Error codes the load tool itself gives (besides the host's and the client's).</summary>
public static class LoadCodes
{
    /// <summary>The outcome name of a success.</summary>
    public const string Ok = "ok";

    /// <summary>Due while the scenario had <see cref="Scenario.MaxOutstanding"/> requests outstanding: not sent (a failure: the tool could not keep the schedule).</summary>
    public const string NotSent = "not_sent";

    /// <summary>Still unanswered when the drain timeout ended (a timeout: its latency is counted as at least the wait so far).</summary>
    public const string NoResponse = "no_response";
}
