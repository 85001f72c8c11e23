using System.Diagnostics;
using Fpx.Policy.Profiles;
using Fpx.Policy.Simulation;
using Xunit.Abstractions;

namespace Fpx.Policy.Tests.Simulation;

/// <summary>
/// The policy's goals, measured with the simulator on the brief's numbers (see <see cref="Scenarios"/>).
/// Load is relative to the capacity of the fastest variant (fp4, mean 385 µs: 2595 requests/s).
/// Results and their reading: docs/decisions/0013-simulated-policy-goals.md.
/// </summary>
public class PolicyGoalTests(ITestOutputHelper output)
{
    /// <summary>Budgets from just above fp4's p99 service time (552 µs) to far above fp16's (1452 µs).</summary>
    private static readonly BudgetMix Tight = new((600, 1), (900, 1), (1500, 1), (3000, 1), (6000, 1));

    private static readonly BudgetMix Moderate = new((800, 1), (1200, 1), (2000, 1), (4000, 1));

    private static readonly BudgetMix Loose = new((1500, 1), (3000, 1), (6000, 1));

    [Theory]
    [InlineData(0.2)]
    [InlineData(0.5)]
    [InlineData(0.8)]
    public void Requests_the_fastest_variant_can_meet_at_the_planning_quantile_meet_their_deadline(double load)
    {
        // "Can meet": at arrival the fastest variant's predicted latency (queue + service at p99)
        // is within the budget. With on_miss = reject the rest are refused at once, so the
        // accepted requests are exactly these.
        var reject = new SimulationOptions(Scenarios.Profile(UtilitySpec.Hard, MissPolicy.Reject), Scenarios.Variants, Tight, load, 100_000, 42);
        var adaptive = Run(reject, SimulatedPolicy.Adaptive());
        Assert.True(adaptive.AcceptedHitRate >= 0.999, $"accepted hit rate {adaptive.AcceptedHitRate:P3}");

        // With on_miss = degrade the same holds for the requests that were not degraded, provided
        // degraded ones queue behind them (by deadline they jump ahead and push feasible ones out).
        var degrade = new SimulationOptions(Scenarios.Profile(UtilitySpec.Hard, MissPolicy.Degrade), Scenarios.Variants, Tight, load, 100_000, 42);
        var degradedLast = Run(degrade, SimulatedPolicy.Adaptive(degradedLast: true));
        Assert.True(degradedLast.FeasibleHitRate >= 0.999, $"feasible hit rate {degradedLast.FeasibleHitRate:P3}");
    }

    [Theory]
    [InlineData("tight", 0.2)]
    [InlineData("moderate", 0.35)]
    [InlineData("loose", 0.35)]
    [InlineData("loose", 0.65)]
    public void Under_a_mix_of_budgets_the_adaptive_policy_beats_every_static_variant(string mix, double load)
    {
        var budgets = mix switch { "tight" => Tight, "moderate" => Moderate, _ => Loose };
        var options = new SimulationOptions(Scenarios.Profile(UtilitySpec.Hard, MissPolicy.Degrade), Scenarios.Variants, budgets, load, 50_000, 7);
        var adaptive = Run(options, SimulatedPolicy.Adaptive());
        foreach (var variant in Scenarios.Variants)
        {
            var fixedVariant = Run(options, SimulatedPolicy.Static(variant.Name));
            Assert.True(adaptive.MeanUtility > fixedVariant.MeanUtility, $"{adaptive.MeanUtility:F4} vs {fixedVariant}");
        }
    }

    private SimulationResult Run(SimulationOptions options, SimulatedPolicy policy)
    {
        var watch = Stopwatch.StartNew();
        var result = Simulator.Run(options, policy);
        output.WriteLine($"load {options.Load} seed {options.Seed} n {options.Requests}: {result} ({watch.ElapsedMilliseconds} ms)");
        return result;
    }
}
