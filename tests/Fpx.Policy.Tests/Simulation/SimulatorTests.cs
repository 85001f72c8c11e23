using Fpx.Policy.Profiles;
using Fpx.Policy.Simulation;

namespace Fpx.Policy.Tests.Simulation;

public class SimulatorTests
{
    private static SimulationOptions Options(double load = 0.5, int requests = 5000, ulong seed = 1, MissPolicy onMiss = MissPolicy.Degrade) =>
        new(Scenarios.Profile(UtilitySpec.Hard, onMiss), Scenarios.Variants, new BudgetMix((600, 1), (1500, 1), (6000, 1)), load, requests, seed);

    [Fact]
    public void The_same_seed_gives_the_same_result()
    {
        foreach (var policy in new[] { SimulatedPolicy.Adaptive(), SimulatedPolicy.Adaptive(false, true), SimulatedPolicy.Static("fp8") })
        {
            var a = Simulator.Run(Options(), policy);
            var b = Simulator.Run(Options(), policy);
            Assert.Equal(a.ToString(), b.ToString());
            Assert.Equal(a.UtilitySum, b.UtilitySum);
        }

        Assert.NotEqual(Simulator.Run(Options(), SimulatedPolicy.Adaptive()).UtilitySum, Simulator.Run(Options(seed: 2), SimulatedPolicy.Adaptive()).UtilitySum);
    }

    [Theory]
    [InlineData(MissPolicy.Degrade)]
    [InlineData(MissPolicy.Reject)]
    public void Every_request_ends_in_exactly_one_outcome(MissPolicy onMiss)
    {
        foreach (var policy in new[] { SimulatedPolicy.Adaptive(), SimulatedPolicy.Adaptive(true, true, true), SimulatedPolicy.Static("fp16") })
        {
            var r = Simulator.Run(Options(load: 0.9, onMiss: onMiss), policy);
            Assert.Equal(5000, r.Requests);
            Assert.Equal(r.Requests, r.Met + r.Late + r.Expired + r.Rejected);
            Assert.Equal(r.Met + r.Late, r.ServedByVariant.Values.Sum());
            Assert.InRange(r.MeanUtility, 0, 1);
        }
    }

    [Fact]
    public void A_static_policy_serves_only_its_variant_and_never_rejects()
    {
        var r = Simulator.Run(Options(onMiss: MissPolicy.Reject), SimulatedPolicy.Static("fpx-g0.50"));
        Assert.Equal(["fpx-g0.50"], r.ServedByVariant.Keys);
        Assert.Equal(0, r.Rejected);
        Assert.Equal(0, r.Degraded);
    }

    [Fact]
    public void Without_contention_every_request_gets_the_best_variant_that_fits()
    {
        // One request every 10 ms, far more than any service time: the queue is always empty.
        var arrivals = Enumerable.Range(0, 300).Select(i => i * 10_000.0).ToArray();
        var options = new SimulationOptions(
            Scenarios.Profile(UtilitySpec.Hard, MissPolicy.Reject), Scenarios.Variants, BudgetMix.Fixed(5000), 1, 1, 3, arrivalTimesUs: arrivals);
        var r = Simulator.Run(options, SimulatedPolicy.Adaptive());
        Assert.Equal(300, r.Met);
        Assert.Equal(["fp16"], r.ServedByVariant.Keys);
        Assert.Equal(1.0, r.MeanUtility);
    }

    [Fact]
    public void Warm_up_requests_are_left_out()
    {
        var options = new SimulationOptions(Scenarios.Profile(UtilitySpec.Hard, MissPolicy.Degrade), Scenarios.Variants, BudgetMix.Fixed(3000), 0.3, 2000, 5, warmupRequests: 500);
        Assert.Equal(1500, Simulator.Run(options, SimulatedPolicy.Adaptive()).Requests);
    }

    [Fact]
    public void Offered_load_is_relative_to_the_fastest_variant()
    {
        var options = Options(load: 0.5, requests: 20_000);
        var r = Simulator.Run(options, SimulatedPolicy.Static("fp4"));
        Assert.Equal(1e6 / Scenarios.Variants[3].ServiceTime.MeanUs, options.CapacityPerSecond, 9);
        Assert.True(r.Met > 0);
    }

    [Fact]
    public void Service_time_models_match_their_samples()
    {
        var model = new ServiceTimeModel(1000);
        var random = new Random(9);
        var samples = Enumerable.Range(0, 200_000).Select(_ =>
        {
            double z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            return model.Sample(z, random.NextDouble());
        }).ToArray();
        Assert.Equal(model.MeanUs, samples.Average(), model.MeanUs * 0.005);
        foreach (double q in new[] { 0.5, 0.9, 0.99 })
        {
            Assert.Equal(TestData.Quantile(samples, q), model.QuantileUs(q), model.QuantileUs(q) * 0.01);
        }

        // The brief's shape: about a 10 % spread and p99 about 1.45 × the median.
        Assert.InRange(model.QuantileUs(0.99) / model.QuantileUs(0.5), 1.4, 1.5);
    }

    [Fact]
    public void Bad_options_are_rejected()
    {
        var profile = Scenarios.Profile(UtilitySpec.Hard, MissPolicy.Degrade);
        var mix = BudgetMix.Fixed(1000);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulationOptions(profile, Scenarios.Variants, mix, 0, 10, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulationOptions(profile, Scenarios.Variants, mix, 0.5, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulationOptions(profile, Scenarios.Variants, mix, 0.5, 10, 1, warmupRequests: 10));
        Assert.Throws<ArgumentException>(() => new SimulationOptions(profile, [], mix, 0.5, 10, 1));
        Assert.Throws<ArgumentException>(() => new SimulationOptions(profile, Scenarios.Variants, mix, 0.5, 10, 1, arrivalTimesUs: [5, 3]));
        Assert.Throws<ArgumentException>(() => new BudgetMix());
        Assert.Throws<ArgumentException>(() => new BudgetMix((100, 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServiceTimeModel(0));
        Assert.Throws<ArgumentException>(() => Simulator.Run(Options(), SimulatedPolicy.Static("fp2")));
    }
}
