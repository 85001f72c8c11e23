using Fpx.Host.Backend;
using Fpx.Host.Scheduling;
using Fpx.Host.Tasks;

namespace Fpx.Host.Tests.Scheduling;

public class LatencyAndSelectorTests
{
    private static readonly VariantInfo[] Variants =
    [
        new("fp16", 16, 4, 0),
        new("fp8", 8, 2, 1),
        new("fp4", 4.25, 1, 2),
    ];

    private static LatencyEstimates Estimates(params long[] p99)
    {
        var e = new LatencyEstimates(p99.Length);
        for (int v = 0; v < p99.Length; v++)
        {
            e.Record(v, p99[v]);
        }

        return e;
    }

    private static VariantChoice Select(LatencyEstimates e, long budget, OnMissRule onMiss = OnMissRule.Degrade, VariantInfo[]? variants = null)
    {
        variants ??= Variants;
        var task = new TaskDefinition("t", [0, 1], onMiss);
        return new BudgetVariantSelector(variants).Select(new SelectionContext(task, budget, 1, variants, e, 1_000_000));
    }

    [Fact]
    public void P99_is_the_nearest_rank_of_the_window()
    {
        var e = new LatencyEstimates(1);
        for (int i = 1; i <= 104; i++)
        {
            e.Record(0, i);
        }

        Assert.Equal(103, e.P99(0)); // rank ceil(0.99 * 104) = 103
        for (int i = 0; i < LatencyEstimates.Window; i++)
        {
            e.Record(0, 5); // the old samples age out of the window
        }

        Assert.Equal(5, e.P99(0));
        Assert.Equal(5 + 5 + 5, e.PredictPass(0, 3));
        var half = new LatencyEstimates(1, 0.5);
        half.Record(0, 10);
        Assert.Equal(10 + 5 + 5, half.PredictPass(0, 3));
    }

    [Fact]
    public void Picks_the_best_quality_that_fits_then_the_on_miss_rule()
    {
        LatencyEstimates e = Estimates(400, 200, 100);
        Assert.Equal(new VariantChoice(ChoiceKind.Serve, 0, 0, 400), Select(e, 1000));
        Assert.Equal(1, Select(e, 300).Variant);
        Assert.Equal(2, Select(e, 150).Variant);
        Assert.Equal(new VariantChoice(ChoiceKind.Degrade, 2, 0, 100), Select(e, 50));
        Assert.Equal(ChoiceKind.Reject, Select(e, 50, OnMissRule.Reject).Kind);
    }

    [Fact]
    public void Queue_work_counts_against_the_budget()
    {
        LatencyEstimates e = Estimates(400, 200, 100);
        e.Admit(500);
        Assert.Equal(new VariantChoice(ChoiceKind.Serve, 1, 500, 200), Select(e, 800));
        e.Finish(500);
        Assert.Equal(0, Select(e, 800).Variant);
    }

    [Fact]
    public void Ties_in_quality_go_to_the_faster_variant()
    {
        VariantInfo[] tied = [new("a", 8, 1, 0), new("b", 8, 1, 0), new("c", 4, 1, 1)];
        LatencyEstimates e = Estimates(300, 200, 100);
        Assert.Equal(1, Select(e, 1000, variants: tied).Variant);
        Assert.Equal(2, Select(e, 150, variants: tied).Variant);
    }
}
