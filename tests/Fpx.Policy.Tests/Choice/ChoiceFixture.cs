using Fpx.Policy.Latency;
using Fpx.Policy.Profiles;

namespace Fpx.Policy.Tests.Choice;

/// <summary>Four variants with seeds from the brief's numbers, and a predictor on a fake clock.</summary>
internal sealed class ChoiceFixture
{
    public static readonly string[] All = ["fp16", "fp8", "fpx-g0.50", "fp4"];

    public ChoiceFixture(UtilitySpec utility, MissPolicy onMiss = MissPolicy.Degrade, double minQuality = 0, params (string Name, double Quality, double P50)[] variants)
    {
        if (variants.Length == 0)
        {
            variants = [("fp16", 1.0, 1000), ("fp8", 0.99, 650), ("fpx-g0.50", 0.97, 500), ("fp4", 0.93, 380)];
        }

        Profile = new TaskProfile(
            "t",
            [1, 2],
            variants.Select(v => KeyValuePair.Create(v.Name, new VariantProfile(v.Quality, new LatencySeed(v.P50, v.P50 * 1.14, v.P50 * 1.45)))),
            0.99,
            utility,
            onMiss,
            minQuality);
        Predictor = new LatencyPredictor(new LatencyPredictorOptions(minSamples: 8), Clock);
    }

    public FakeTimeProvider Clock { get; } = new();

    public TaskProfile Profile { get; }

    public LatencyPredictor Predictor { get; }

    /// <summary>The predicted service time of <paramref name="variant"/> at the planning quantile.</summary>
    public double ServiceUs(string variant)
    {
        Profile.TryGetVariant(variant, out var v);
        Assert.True(Predictor.TryPredict(new LatencyKey(variant), Profile.PlanningQuantile, v!.Latency, out var p));
        return p.ValueUs;
    }
}
