using Fpx.Policy.Profiles;
using Fpx.Policy.Simulation;
using Xunit.Abstractions;

namespace Fpx.Policy.Tests.Simulation;

/// <summary>
/// Prints the tables of docs/decisions/0013-simulated-policy-goals.md (about 40 s, so off by default):
/// <c>FPX_POLICY_REPORT=1 dotnet test tests/Fpx.Policy.Tests -c Release --filter ReportTests --logger "console;verbosity=detailed"</c>.
/// </summary>
public class ReportTests(ITestOutputHelper output)
{
    [Fact]
    public void Report()
    {
        if (Environment.GetEnvironmentVariable("FPX_POLICY_REPORT") != "1")
        {
            return;
        }

        var mixes = new (string, BudgetMix)[]
        {
            ("tight", new BudgetMix((600, 1), (900, 1), (1500, 1), (3000, 1), (6000, 1))),
            ("moderate", new BudgetMix((800, 1), (1200, 1), (2000, 1), (4000, 1))),
            ("loose", new BudgetMix((1500, 1), (3000, 1), (6000, 1))),
        };
        var policies = new[] { SimulatedPolicy.Adaptive(false), SimulatedPolicy.Adaptive(), SimulatedPolicy.Adaptive(true, true), SimulatedPolicy.Static("fp16"), SimulatedPolicy.Static("fp8"), SimulatedPolicy.Static("fpx-g0.50"), SimulatedPolicy.Static("fp4") };
        output.WriteLine("| mix | load | " + string.Join(" | ", policies.Select(p => p.Name)) + " |");
        foreach (var (name, mix) in mixes)
        {
            foreach (double load in new[] { 0.2, 0.35, 0.5, 0.65, 0.8 })
            {
                var options = new SimulationOptions(Scenarios.Profile(UtilitySpec.Hard, MissPolicy.Degrade), Scenarios.Variants, mix, load, 50_000, 7);
                var rs = policies.Select(p => Simulator.Run(options, p)).ToArray();
                double best = rs.Skip(3).Max(r => r.MeanUtility);
                output.WriteLine($"| {name} | {load} | " + string.Join(" | ", rs.Select(r => $"{r.MeanUtility:F4} / {r.HitRate * 100:F1}%")) + $" | best static {best:F4} |");
            }
        }

        output.WriteLine("goal 1, reject, tight, seed 42, 100k");
        foreach (double load in new[] { 0.2, 0.35, 0.5, 0.65, 0.8 })
        {
            var reject = new SimulationOptions(Scenarios.Profile(UtilitySpec.Hard, MissPolicy.Reject), Scenarios.Variants, mixes[0].Item2, load, 100_000, 42);
            var degrade = new SimulationOptions(Scenarios.Profile(UtilitySpec.Hard, MissPolicy.Degrade), Scenarios.Variants, mixes[0].Item2, load, 100_000, 42);
            foreach (var (o, p) in new[] { (reject, SimulatedPolicy.Adaptive(false)), (reject, SimulatedPolicy.Adaptive()), (reject, SimulatedPolicy.Adaptive(true, true)), (degrade, SimulatedPolicy.Adaptive()), (degrade, SimulatedPolicy.Adaptive(degradedLast: true)), (degrade, SimulatedPolicy.Static("fp4")) })
            {
                var r = Simulator.Run(o, p);
                output.WriteLine($"| {load} | {o.Profile.OnMiss} | {r.Policy} | {r.HitRate * 100:F3}% | {r.AcceptedHitRate * 100:F3}% | {r.FeasibleHitRate * 100:F3}% | {r.Rejected} | {r.Degraded} | {r.MeanUtility:F4} |");
            }
        }
    }
}
