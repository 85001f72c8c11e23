using Fpx.Host.Backend;
using Fpx.Host.Scheduling;
using Fpx.Host.Tasks;
using Fpx.Host.Tests.Support;
using Fpx.Policy.Latency;
using Fpx.Policy.Profiles;

namespace Fpx.Host.Tests.Scheduling;

/// <summary>
/// The host's seat of the policy, on a fake clock (ticks of 100 ns) and profile seeds only, so every
/// prediction is the seed's and every choice is fixed: fp16 ~500 µs at p99, fp8 ~250, fp4 ~125.
/// </summary>
public class PolicySelectorTests
{
    private const long TicksPerUs = TimeSpan.TicksPerMillisecond / 1000;

    private static readonly VariantInfo[] Variants =
    [
        new("fp16", 16, 4, 0),
        new("fp8", 8, 2, 1),
        new("fp4", 4.25, 1, 2),
    ];

    private static TaskProfile Profile(UtilitySpec utility, MissPolicy onMiss = MissPolicy.Degrade) => new(
        "t",
        [5, 6],
        [
            new("fp16", new VariantProfile(1.0, new LatencySeed(400, 450, 500))),
            new("fp8", new VariantProfile(0.98, new LatencySeed(200, 225, 250))),
            new("fp4", new VariantProfile(0.9, new LatencySeed(100, 110, 125))),
        ],
        0.99,
        utility,
        onMiss);

    private static (PolicySelector Selector, LatencyEstimates Latency) Create() =>
        (new PolicySelector(Variants, new FakeTimeProvider()), new LatencyEstimates(Variants.Length));

    private static VariantChoice Select(PolicySelector selector, LatencyEstimates latency, TaskDefinition task, long budgetTicks, int forced = -1) =>
        selector.Select(new SelectionContext(task, budgetTicks, 8, Variants, latency, TimeSpan.TicksPerSecond, forced));

    private static VariantChoice SelectOnce(TaskProfile profile, long budgetUs)
    {
        var (selector, latency) = Create();
        return Select(selector, latency, new TaskDefinition(profile), budgetUs * TicksPerUs);
    }

    private static string Name(VariantChoice c) => Variants[c.Variant].Name;

    [Theory]
    [InlineData(10_000, "fp16")] // everything fits: the best quality
    [InlineData(400, "fp8")] // fp16's p99 (~500 µs) does not fit
    [InlineData(200, "fp4")]
    public void Hard_utility_takes_the_best_quality_that_fits(long budgetUs, string expected)
    {
        VariantChoice c = SelectOnce(Profile(UtilitySpec.Hard), budgetUs);
        Assert.Equal(ChoiceKind.Serve, c.Kind);
        Assert.Equal(expected, Name(c));
        Assert.True(Profile(UtilitySpec.Hard).TryGetVariant(expected, out VariantProfile? v));
        Assert.Equal(v.Quality, c.ExpectedQuality);
        Assert.InRange(c.PredictedCompute, 1, budgetUs * TicksPerUs);
        Assert.Equal(0, c.PredictedQueue);
    }

    [Theory]
    // value = quality x (1 - t / zero_at): a far zero favours quality, a near one speed.
    [InlineData(100_000, "fp16")] // 0.995 vs fp8 0.978
    [InlineData(1_000, "fp4")] // fp16 0.50, fp8 0.735, fp4 0.7875
    public void Linear_utility_weighs_quality_against_latency(double zeroAtUs, string expected) =>
        Assert.Equal(expected, Name(SelectOnce(Profile(UtilitySpec.Linear(zeroAtUs)), 10_000)));

    [Theory]
    // value = quality x 2^(-t / half_life)
    [InlineData(1_000_000, "fp16")]
    [InlineData(2_000, "fp8")] // fp16 0.841, fp8 0.899, fp4 0.862
    [InlineData(100, "fp4")] // fp16 0.031, fp8 0.173, fp4 0.378
    public void Exponential_utility_weighs_quality_against_latency(double halfLifeUs, string expected) =>
        Assert.Equal(expected, Name(SelectOnce(Profile(UtilitySpec.Exponential(halfLifeUs)), 10_000)));

    [Fact]
    public void Nothing_fits_degrades_to_the_fastest_or_rejects_as_the_profile_says()
    {
        VariantChoice degraded = SelectOnce(Profile(UtilitySpec.Hard, MissPolicy.Degrade), 50);
        Assert.Equal(ChoiceKind.Degrade, degraded.Kind);
        Assert.Equal("fp4", Name(degraded));
        Assert.Equal(0.9, degraded.ExpectedQuality);

        Assert.Equal(ChoiceKind.Reject, SelectOnce(Profile(UtilitySpec.Hard, MissPolicy.Reject), 50).Kind);
        Assert.Equal(ChoiceKind.Reject, SelectOnce(Profile(UtilitySpec.Hard, MissPolicy.Reject), 0).Kind);
        Assert.Equal(ChoiceKind.Reject, SelectOnce(Profile(UtilitySpec.Hard, MissPolicy.Reject), -5).Kind); // already past the deadline
    }

    [Fact]
    public void A_budget_exactly_at_a_prediction_meets_it_and_one_tick_less_does_not()
    {
        var (selector, latency) = Create();
        var task = new TaskDefinition(Profile(UtilitySpec.Hard, MissPolicy.Reject));
        foreach ((int variant, string next) in new[] { (0, "fp8"), (1, "fp4") })
        {
            // The forced choice reports the prediction in ticks, truncated: one more tick covers it.
            long predicted = Select(selector, latency, task, long.MaxValue / 4, forced: variant).PredictedCompute;
            Assert.Equal(Variants[variant].Name, Name(Select(selector, latency, task, predicted + 1)));
            Assert.Equal(next, Name(Select(selector, latency, task, predicted - 1)));
        }

        long fastest = Select(selector, latency, task, long.MaxValue / 4, forced: 2).PredictedCompute;
        Assert.Equal(ChoiceKind.Serve, Select(selector, latency, task, fastest + 1).Kind);
        Assert.Equal(ChoiceKind.Reject, Select(selector, latency, task, fastest - 1).Kind);
    }

    [Fact]
    public void Queued_work_counts_against_the_budget()
    {
        var (selector, latency) = Create();
        var task = new TaskDefinition(Profile(UtilitySpec.Hard));
        Assert.Equal("fp16", Name(Select(selector, latency, task, 600 * TicksPerUs)));
        latency.Admit(300 * TicksPerUs, new QueueLoad(1, 300, 0)); // 300 µs ahead: fp16 no longer fits in 600
        VariantChoice c = Select(selector, latency, task, 600 * TicksPerUs);
        Assert.Equal("fp8", Name(c));
        Assert.InRange(c.PredictedQueue, 299 * TicksPerUs, 301 * TicksPerUs);
    }

    [Fact]
    public void A_forced_variant_is_served_even_when_it_cannot_meet_the_deadline()
    {
        var (selector, latency) = Create();
        VariantChoice c = Select(selector, latency, new TaskDefinition(Profile(UtilitySpec.Hard, MissPolicy.Reject)), 1, forced: 0);
        Assert.Equal(new VariantChoice(ChoiceKind.Serve, 0, c.PredictedQueue, c.PredictedCompute) { ExpectedQuality = 1.0, Work = c.Work }, c);
        Assert.InRange(c.PredictedCompute, 450 * TicksPerUs, 550 * TicksPerUs);
    }

    [Fact]
    public void The_same_inputs_give_the_same_choices()
    {
        static VariantChoice[] Run()
        {
            var (selector, latency) = Create();
            var task = new TaskDefinition(Profile(UtilitySpec.Hard));
            return [.. Enumerable.Range(0, 200).Select(i => Select(selector, latency, task, (50 + (i * 37 % 900)) * TicksPerUs))];
        }

        VariantChoice[] first = Run();
        Assert.Equal(first, Run());
        Assert.Equal(3, first.Select(c => c.Variant).Distinct().Count()); // the budgets span every variant
        Assert.Contains(first, c => c.Kind == ChoiceKind.Degrade);
    }

    [Fact]
    public void A_task_without_a_profile_falls_back_to_the_budget_rule()
    {
        var (selector, latency) = Create();
        for (int v = 0; v < Variants.Length; v++)
        {
            latency.Record(v, (400 >> v) * TicksPerUs);
        }

        var task = new TaskDefinition("plain", [0, 1], OnMissRule.Reject);
        Assert.Equal("fp8", Name(Select(selector, latency, task, 300 * TicksPerUs)));
        Assert.Null(Select(selector, latency, task, 300 * TicksPerUs).ExpectedQuality);
    }

    [Fact]
    public void Selection_and_pass_feedback_allocate_nothing_once_warm()
    {
        var (selector, latency) = Create();
        var task = new TaskDefinition(Profile(UtilitySpec.Linear(2_000)));
        void Loop(int n)
        {
            for (int i = 0; i < n; i++)
            {
                VariantChoice c = Select(selector, latency, task, (100 + (i % 700)) * TicksPerUs);
                if (c.Kind != ChoiceKind.Reject)
                {
                    selector.OnPass(new PassRecord(c.Variant, 8, 1, (100 + (i % 50)) * TicksPerUs, PassKind.Decide));
                }
            }
        }

        Loop(2_000); // every variant observed, every cell created, JIT done
        long before = GC.GetAllocatedBytesForCurrentThread();
        Loop(5_000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
