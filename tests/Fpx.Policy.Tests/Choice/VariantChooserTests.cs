using Fpx.Policy.Choice;
using Fpx.Policy.Latency;
using Fpx.Policy.Profiles;

namespace Fpx.Policy.Tests.Choice;

public class VariantChooserTests
{
    private static Decision Choose(ChoiceFixture f, double budgetUs, double queueUs = 0, string[]? available = null, in DelayCost cost = default) =>
        VariantChooser.Choose(budgetUs, f.Profile, f.Predictor, queueUs, available ?? ChoiceFixture.All, delayCost: cost);

    [Fact]
    public void Hard_utility_takes_the_best_quality_that_fits()
    {
        var f = new ChoiceFixture(UtilitySpec.Hard);
        Assert.Equal("fp16", Choose(f, 5000).Variant);
        Assert.Equal("fp8", Choose(f, f.ServiceUs("fp16") - 1).Variant);
        Assert.Equal("fpx-g0.50", Choose(f, f.ServiceUs("fp8") - 1).Variant);
        Assert.Equal("fp4", Choose(f, f.ServiceUs("fpx-g0.50") - 1).Variant);
    }

    [Fact]
    public void A_budget_exactly_equal_to_the_predicted_latency_is_met()
    {
        var f = new ChoiceFixture(UtilitySpec.Hard);
        double exact = 300 + f.ServiceUs("fp8");
        var d = Choose(f, exact, queueUs: 300);
        Assert.Equal("fp8", d.Variant);
        Assert.Equal(exact, d.TotalUs);
        Assert.Equal(1, d.Utility);
        Assert.Equal("fpx-g0.50", Choose(f, Math.BitDecrement(exact), queueUs: 300).Variant);
    }

    [Fact]
    public void Linear_utility_trades_quality_against_latency()
    {
        var f = new ChoiceFixture(UtilitySpec.Linear());
        foreach (double budget in new[] { 1500.0, 2500, 5000, 20000, 100000 })
        {
            string expected = ChoiceFixture.All
                .Select(v => (v, f.Profile.TryGetVariant(v, out var p) ? p.Quality * (1 - (f.ServiceUs(v) / budget)) : 0))
                .Where(x => x.Item2 > 0).MaxBy(x => x.Item2).v;
            var d = Choose(f, budget);
            Assert.Equal(expected, d.Variant);
            Assert.Equal(1 - (d.TotalUs / budget), d.Utility, 12);
        }

        // Loose budgets favour quality, tight ones speed.
        Assert.Equal("fp16", Choose(f, 100000).Variant);
        Assert.Equal("fp4", Choose(f, 1500).Variant);
    }

    [Fact]
    public void Linear_utility_with_zero_at_the_budget_has_no_value_exactly_there()
    {
        var f = new ChoiceFixture(UtilitySpec.Linear(), MissPolicy.Reject);
        var d = Choose(f, f.ServiceUs("fp4"));
        Assert.Equal(DecisionReason.Rejected, d.Reason);
    }

    [Fact]
    public void Exponential_utility_weighs_each_half_life()
    {
        var f = new ChoiceFixture(UtilitySpec.Exponential(100_000));
        Assert.Equal("fp16", Choose(f, 10_000).Variant);

        var steep = new ChoiceFixture(UtilitySpec.Exponential(200));
        var d = Choose(steep, 10_000);
        Assert.Equal("fp4", d.Variant);
        Assert.Equal(Math.Pow(2, -d.TotalUs / 200), d.Utility, 12);
    }

    [Fact]
    public void Degrade_serves_the_fastest_when_nothing_fits()
    {
        var f = new ChoiceFixture(UtilitySpec.Hard, MissPolicy.Degrade);
        var d = Choose(f, 100);
        Assert.Equal("fp4", d.Variant);
        Assert.Equal(DecisionReason.Degraded, d.Reason);
        Assert.True(d.IsDegraded);
        Assert.Equal(0, d.Utility);
        Assert.Null(d.ErrorCode);
    }

    [Fact]
    public void Reject_refuses_when_nothing_fits_and_says_how_far_off()
    {
        var f = new ChoiceFixture(UtilitySpec.Hard, MissPolicy.Reject);
        var d = Choose(f, 100, queueUs: 50);
        Assert.Null(d.Variant);
        Assert.Equal(DecisionReason.Rejected, d.Reason);
        Assert.Equal(PolicyErrorCodes.DeadlineUnreachable, d.ErrorCode);
        Assert.Equal(50 + f.ServiceUs("fp4"), d.TotalUs);
    }

    [Theory]
    [InlineData(MissPolicy.Degrade)]
    [InlineData(MissPolicy.Reject)]
    public void A_zero_budget_never_fits(MissPolicy onMiss)
    {
        var f = new ChoiceFixture(UtilitySpec.Hard, onMiss);
        var d = Choose(f, 0);
        Assert.Equal(onMiss == MissPolicy.Degrade ? DecisionReason.Degraded : DecisionReason.Rejected, d.Reason);
    }

    [Theory]
    [InlineData(1e12)]
    [InlineData(double.PositiveInfinity)]
    public void A_huge_budget_takes_the_best_quality(double budget)
    {
        Assert.Equal("fp16", Choose(new ChoiceFixture(UtilitySpec.Hard), budget).Variant);
        Assert.Equal("fp16", Choose(new ChoiceFixture(UtilitySpec.Linear()), budget).Variant);
    }

    [Fact]
    public void Min_quality_excludes_variants_even_when_degrading()
    {
        var f = new ChoiceFixture(UtilitySpec.Hard, MissPolicy.Degrade, minQuality: 0.95);
        Assert.Equal("fpx-g0.50", Choose(f, f.ServiceUs("fp8") - 1).Variant);
        var d = Choose(f, 10);
        Assert.Equal("fpx-g0.50", d.Variant);
        Assert.True(d.IsDegraded);
    }

    [Fact]
    public void Ties_go_to_the_faster_variant_then_to_the_smaller_name()
    {
        var f = new ChoiceFixture(UtilitySpec.Hard, MissPolicy.Degrade, 0, ("b-slow", 0.95, 900), ("a-fast", 0.95, 400), ("c-fast", 0.95, 400));
        string[] names = ["b-slow", "c-fast", "a-fast"];
        Assert.Equal("a-fast", VariantChooser.Choose(5000, f.Profile, f.Predictor, 0, names).Variant);
        Assert.Equal("a-fast", VariantChooser.Choose(5000, f.Profile, f.Predictor, 0, names.Reverse().ToArray()).Variant);

        // Within the epsilon is a tie too.
        var g = new ChoiceFixture(UtilitySpec.Hard, MissPolicy.Degrade, 0, ("slow", 0.9 + 1e-12, 900), ("fast", 0.9, 400));
        Assert.Equal("fast", VariantChooser.Choose(5000, g.Profile, g.Predictor, 0, ["slow", "fast"]).Variant);
    }

    [Fact]
    public void The_result_does_not_depend_on_the_order_of_the_available_variants()
    {
        var f = new ChoiceFixture(UtilitySpec.Linear());
        var random = new Random(4);
        foreach (double budget in new[] { 0.0, 800, 1200, 3000, 1e6 })
        {
            var expected = Choose(f, budget);
            for (int i = 0; i < 10; i++)
            {
                Assert.Equal(expected, Choose(f, budget, available: ChoiceFixture.All.OrderBy(_ => random.Next()).ToArray()));
            }
        }
    }

    [Fact]
    public void Unknown_disabled_and_unpredictable_variants_are_skipped()
    {
        var profile = new TaskProfile(
            "t",
            [1],
            [
                KeyValuePair.Create("fp16", new VariantProfile(1.0, new LatencySeed(1000, 1100, 1400), enabled: false)),
                KeyValuePair.Create("fp8", new VariantProfile(0.99)),
                KeyValuePair.Create("fp4", new VariantProfile(0.93, new LatencySeed(380, 430, 550))),
            ],
            0.99,
            UtilitySpec.Hard,
            MissPolicy.Degrade);
        var predictor = new LatencyPredictor(timeProvider: new FakeTimeProvider());
        var d = VariantChooser.Choose(1e6, profile, predictor, 0, ["fp2", "fp16", "fp8", "fp4"]);
        Assert.Equal("fp4", d.Variant);
        Assert.Equal(LatencySource.Seed, d.ServiceSource);
    }

    [Fact]
    public void No_candidate_at_all_is_its_own_reason()
    {
        var f = new ChoiceFixture(UtilitySpec.Hard);
        var none = Choose(f, 5000, available: []);
        Assert.Equal(DecisionReason.NoCandidate, none.Reason);
        Assert.Null(none.Variant);
        Assert.Equal(PolicyErrorCodes.DeadlineUnreachable, none.ErrorCode);
        Assert.Equal(DecisionReason.NoCandidate, Choose(f, 5000, available: ["fp2", "int3"]).Reason);
    }

    [Fact]
    public void Queue_wait_counts_against_the_budget()
    {
        var f = new ChoiceFixture(UtilitySpec.Hard);
        double budget = f.ServiceUs("fp16") + 10;
        Assert.Equal("fp16", Choose(f, budget).Variant);
        var d = Choose(f, budget, queueUs: 400);
        Assert.Equal("fp8", d.Variant);
        Assert.Equal(400, d.QueueUs);
        Assert.Equal(f.ServiceUs("fp8"), d.ServiceUs);
        Assert.Equal(0.99, d.Quality);
    }

    [Fact]
    public void Live_samples_replace_the_seed_as_they_arrive()
    {
        var f = new ChoiceFixture(UtilitySpec.Hard);
        double budget = f.ServiceUs("fp16") + 10;
        Assert.Equal("fp16", Choose(f, budget).Variant);

        // fp16 turns out twice as slow on this machine; after MinSamples it is no longer chosen.
        for (int i = 0; i < 8; i++)
        {
            f.Clock.Advance(TimeSpan.FromMilliseconds(1));
            f.Predictor.Observe(new LatencyKey("fp16"), 2000);
        }

        var d = Choose(f, budget);
        Assert.Equal("fp8", d.Variant);
    }

    [Fact]
    public void A_delay_cost_trades_this_request_against_others_but_never_causes_a_miss()
    {
        var f = new ChoiceFixture(UtilitySpec.Hard, MissPolicy.Reject);
        var estimator = new DelayCostEstimator(timeProvider: f.Clock);

        // Busy traffic of tight requests: each loses everything when delayed by 100 µs or more.
        double tight = f.ServiceUs("fp4") + 60;
        for (int i = 0; i < 200; i++)
        {
            f.Clock.Advance(TimeSpan.FromMicroseconds(500));
            estimator.RecordRequest(tight, f.Profile, f.Predictor, 0, ChoiceFixture.All);
            estimator.RecordService(400);
        }

        var cost = estimator.Snapshot(queuedBehind: 2, queuedWorkUs: 800);
        Assert.True(cost.IsActive);
        Assert.Equal("fp16", Choose(f, 10_000).Variant);
        var d = Choose(f, 10_000, cost: cost);
        Assert.Equal("fp4", d.Variant);
        Assert.Equal(0, d.DelayCost);

        // The price is relative to the fastest candidate at hand.
        var slower = Choose(f, 10_000, cost: cost, available: ["fp16", "fp8"]);
        Assert.Equal("fp8", slower.Variant);
        Assert.Equal(DecisionReason.BestScore, slower.Reason);
    }

    [Fact]
    public void A_small_delay_cost_is_paid_when_quality_is_worth_it()
    {
        var f = new ChoiceFixture(UtilitySpec.Hard, MissPolicy.Reject);
        var estimator = new DelayCostEstimator(timeProvider: f.Clock);

        // Sparse, loose traffic: a delay costs others at most the step from fp16 to fp8.
        for (int i = 0; i < 50; i++)
        {
            f.Clock.Advance(TimeSpan.FromMicroseconds(1000));
            estimator.RecordRequest(f.ServiceUs("fp16") + 100, f.Profile, f.Predictor, 0, ChoiceFixture.All);
        }

        var d = Choose(f, 10_000, cost: estimator.Snapshot(0, 0));
        Assert.Equal("fp16", d.Variant);
        Assert.True(d.DelayCost > 0);
        Assert.Equal(d.Value - d.DelayCost, d.Score);
    }

    [Fact]
    public void Invalid_inputs_are_rejected()
    {
        var f = new ChoiceFixture(UtilitySpec.Hard);
        Assert.Throws<ArgumentOutOfRangeException>(() => Choose(f, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Choose(f, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => Choose(f, 100, queueUs: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Choose(f, 100, queueUs: double.PositiveInfinity));
        Assert.Throws<ArgumentNullException>(() => VariantChooser.Choose(100, null!, f.Predictor, 0, ChoiceFixture.All));
    }

    [Fact]
    public void Choosing_allocates_nothing()
    {
        var f = new ChoiceFixture(UtilitySpec.Exponential(1000));
        var estimator = new DelayCostEstimator(timeProvider: f.Clock);
        for (int i = 0; i < 10; i++)
        {
            f.Clock.Advance(TimeSpan.FromMicroseconds(300));
            estimator.RecordRequest(900, f.Profile, f.Predictor, 0, ChoiceFixture.All);
        }

        string[] available = ChoiceFixture.All;
        double sink = 0;
        void Run()
        {
            for (int i = 0; i < 1000; i++)
            {
                var cost = estimator.Snapshot(i % 3, 500);
                sink += VariantChooser.Choose(300 + i, f.Profile, f.Predictor, i % 200, available).TotalUs;
                sink += VariantChooser.Choose(300 + i, f.Profile, f.Predictor, i % 200, available, delayCost: cost).TotalUs;
                estimator.RecordRequest(300 + i, f.Profile, f.Predictor, 0, available);
            }
        }

        Run();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sink > 0);
    }
}
