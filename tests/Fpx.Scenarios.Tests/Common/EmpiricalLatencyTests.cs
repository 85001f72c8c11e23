namespace Fpx.Scenarios.Tests.Common;

public class EmpiricalLatencyTests
{
    private static readonly Dictionary<string, IReadOnlyList<double>> Samples = new()
    {
        ["fp16"] = [500, 600, 700, 5000],
        ["fp4"] = [100],
    };

    [Fact]
    public void Draws_come_from_the_variants_samples_and_repeat_for_the_same_decision()
    {
        var model = LatencyModel.Empirical(Samples, fallbackUs: 7);
        var draws = Enumerable.Range(0, 400).Select(i => model.SampleUs("fp16", new DecisionContext(0, i, 1))).ToList();
        Assert.All(draws, d => Assert.Contains(d, Samples["fp16"]));
        Assert.Equal(4, draws.Distinct().Count());
        Assert.Equal(draws, Enumerable.Range(0, 400).Select(i => model.SampleUs("fp16", new DecisionContext(0, i, 1))));
        Assert.NotEqual(draws, Enumerable.Range(0, 400).Select(i => model.SampleUs("fp16", new DecisionContext(0, i, 2))));
        Assert.Equal(100, model.SampleUs("fp4", new DecisionContext(3, 9, 1)));
        Assert.Equal(7, model.SampleUs("rejected", new DecisionContext(3, 9, 1)));
        Assert.Equal(1700, model.MeanUs("fp16"));
    }

    [Fact]
    public void Draws_do_not_depend_on_the_order_samples_were_measured_in()
    {
        var a = LatencyModel.Empirical(Samples);
        var b = LatencyModel.Empirical(new Dictionary<string, IReadOnlyList<double>> { ["fp16"] = [5000, 700, 500, 600] });
        for (int i = 0; i < 50; i++)
        {
            Assert.Equal(a.SampleUs("fp16", new DecisionContext(1, i, 3)), b.SampleUs("fp16", new DecisionContext(1, i, 3)));
        }
    }

    [Fact]
    public void Empty_or_negative_samples_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencyModel.Empirical(new Dictionary<string, IReadOnlyList<double>> { ["fp8"] = [] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencyModel.Empirical(new Dictionary<string, IReadOnlyList<double>> { ["fp8"] = [-1] }));
    }
}
