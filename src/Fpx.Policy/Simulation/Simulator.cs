namespace Fpx.Policy.Simulation;

/// <summary>
/// A deterministic discrete-event simulation of the host's serving loop: requests arrive (Poisson
/// or given times) with budgets from a mix, the policy picks a variant (or rejects), requests wait
/// in one earliest-deadline-first queue, queued requests past their deadline are dropped, and a
/// single server (the host's one compute thread) runs them one at a time with service times drawn
/// from each variant's distribution. Completed service times feed the adaptive policy's predictor.
/// Same options, same policy: same result, on any machine.
/// </summary>
public static class Simulator
{
    /// <summary>Runs <paramref name="policy"/> on the workload <paramref name="options"/> describes.</summary>
    /// <param name="options">The workload.</param>
    /// <param name="policy">The policy.</param>
    /// <returns>Hit rate, utility and per-variant counts.</returns>
    /// <exception cref="ArgumentException">A static policy names a variant the workload does not have.</exception>
    public static SimulationResult Run(SimulationOptions options, SimulatedPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.StaticVariant is { } name && !options.Variants.Any(v => v.Name == name))
        {
            throw new ArgumentException($"The workload has no variant '{name}'", nameof(policy));
        }

        return new SimulationRun(options, policy, Workload.Generate(options)).Execute();
    }
}
