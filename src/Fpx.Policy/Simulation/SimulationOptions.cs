using Fpx.Policy.Latency;
using Fpx.Policy.Profiles;

namespace Fpx.Policy.Simulation;

/// <summary>One simulated workload, checked when constructed. Every policy run on it sees the same requests.</summary>
public sealed class SimulationOptions
{
    /// <summary>Creates a workload.</summary>
    /// <param name="profile">The task's profile: the adaptive policy decides with it, and every outcome is scored with its utility.</param>
    /// <param name="variants">The variants the server runs (names distinct; the adaptive policy sees them as available).</param>
    /// <param name="budgets">The budget mix requests draw from.</param>
    /// <param name="load">
    /// Offered load as a fraction of capacity, where capacity is the throughput of the fastest
    /// variant (1 / its mean service time); &gt; 0. Ignored when <paramref name="arrivalTimesUs"/> is given.
    /// </param>
    /// <param name="requests">Requests to simulate (≥ 1; ignored when <paramref name="arrivalTimesUs"/> is given).</param>
    /// <param name="seed">Seed of every random draw.</param>
    /// <param name="warmupRequests">Leading requests that run but are left out of the results.</param>
    /// <param name="predictorOptions">The adaptive policy's predictor settings; defaults when null.</param>
    /// <param name="arrivalTimesUs">Given arrival times (µs, non-decreasing) instead of Poisson arrivals.</param>
    /// <exception cref="ArgumentException">An argument is out of range.</exception>
    public SimulationOptions(
        TaskProfile profile,
        IEnumerable<SimulatedVariant> variants,
        BudgetMix budgets,
        double load,
        int requests,
        ulong seed,
        int warmupRequests = 0,
        LatencyPredictorOptions? predictorOptions = null,
        IReadOnlyList<double>? arrivalTimesUs = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(variants);
        ArgumentNullException.ThrowIfNull(budgets);
        Variants = [.. variants];
        if (Variants.Count == 0 || Variants.Select(v => v.Name).Distinct(StringComparer.Ordinal).Count() != Variants.Count)
        {
            throw new ArgumentException("Variants must be non-empty with distinct names", nameof(variants));
        }

        if (arrivalTimesUs is not null)
        {
            for (int i = 0; i < arrivalTimesUs.Count; i++)
            {
                if (!(arrivalTimesUs[i] >= (i == 0 ? 0 : arrivalTimesUs[i - 1])) || !double.IsFinite(arrivalTimesUs[i]))
                {
                    throw new ArgumentException($"Arrival {i} must be finite, >= 0 and not before the previous one", nameof(arrivalTimesUs));
                }
            }

            requests = arrivalTimesUs.Count;
        }
        else if (!(load > 0 && load <= 100))
        {
            ThrowHelper.ThrowOutOfRange(nameof(load), load, "must be in (0, 100]");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(requests, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupRequests);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(warmupRequests, requests);

        Profile = profile;
        Budgets = budgets;
        Load = load;
        Requests = requests;
        Seed = seed;
        WarmupRequests = warmupRequests;
        PredictorOptions = predictorOptions ?? LatencyPredictorOptions.Default;
        ArrivalTimesUs = arrivalTimesUs;
    }

    /// <summary>The task's profile.</summary>
    public TaskProfile Profile { get; }

    /// <summary>The variants the server runs.</summary>
    public IReadOnlyList<SimulatedVariant> Variants { get; }

    /// <summary>The budget mix.</summary>
    public BudgetMix Budgets { get; }

    /// <summary>Offered load as a fraction of the fastest variant's throughput.</summary>
    public double Load { get; }

    /// <summary>Requests simulated.</summary>
    public int Requests { get; }

    /// <summary>Seed of every random draw.</summary>
    public ulong Seed { get; }

    /// <summary>Leading requests left out of the results.</summary>
    public int WarmupRequests { get; }

    /// <summary>The adaptive policy's predictor settings.</summary>
    public LatencyPredictorOptions PredictorOptions { get; }

    /// <summary>Given arrival times, or null for Poisson arrivals.</summary>
    public IReadOnlyList<double>? ArrivalTimesUs { get; }

    /// <summary>Requests per second the fastest variant can serve back to back.</summary>
    public double CapacityPerSecond => 1e6 / Variants.Min(v => v.ServiceTime.MeanUs);
}
