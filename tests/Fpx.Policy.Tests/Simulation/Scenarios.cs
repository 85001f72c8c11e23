using Fpx.Policy.Profiles;
using Fpx.Policy.Simulation;

namespace Fpx.Policy.Tests.Simulation;

/// <summary>
/// The realistic numbers of the brief: service medians fp16 1000 µs, fp8 650 µs, fpx-g0.50 500 µs,
/// fp4 380 µs, each log-normal with σ 0.1 plus 2 % slow runs at 1.45 × (p99 ≈ 1.45 × median);
/// qualities 1.0, 0.99, 0.97, 0.93.
/// </summary>
internal static class Scenarios
{
    public static readonly SimulatedVariant[] Variants =
    [
        new("fp16", 1.00, new ServiceTimeModel(1000)),
        new("fp8", 0.99, new ServiceTimeModel(650)),
        new("fpx-g0.50", 0.97, new ServiceTimeModel(500)),
        new("fp4", 0.93, new ServiceTimeModel(380)),
    ];

    /// <summary>A profile for the variants above, seeded with their true quantiles.</summary>
    public static TaskProfile Profile(UtilitySpec utility, MissPolicy onMiss, double planningQuantile = 0.99) =>
        new(
            "sim",
            [1, 2, 3],
            Variants.Select(v => KeyValuePair.Create(v.Name, new VariantProfile(v.Quality, v.ServiceTime.ToSeed()))),
            planningQuantile,
            utility,
            onMiss);
}
