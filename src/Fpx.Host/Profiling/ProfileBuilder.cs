using Fpx.Policy.Latency;
using Fpx.Policy.Profiles;

namespace Fpx.Host.Profiling;

/// <summary>
/// Turns <c>fpx profile</c>'s measurements into a task profile. Measured fields are replaced:
/// each variant's <c>quality</c> (its agreement with fp16: the share of inputs where it picks
/// fp16's action, so fp16 is 1), <c>agreement</c>, <c>accuracy</c> (with labels) and
/// <c>latency_us</c> seeds. Fields a quant chooses are kept from the existing profile, or get
/// defaults: <c>planning_quantile</c> 0.99, <c>utility</c> hard, <c>on_miss</c> degrade,
/// <c>min_quality</c> 0, each variant's <c>enabled</c> true; variants the existing profile lists
/// but the run did not measure are kept as they were.
/// </summary>
public static class ProfileBuilder
{
    /// <summary>Builds the profile.</summary>
    /// <param name="task">Task name.</param>
    /// <param name="actionTokens">Action tokens.</param>
    /// <param name="measured">One measurement per variant.</param>
    /// <param name="existing">The profile being refreshed, or null.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ProfileValidationException">The result is not a valid profile (e.g. the kept min_quality now excludes every variant).</exception>
    public static TaskProfile Build(string task, IReadOnlyList<int> actionTokens, IReadOnlyList<VariantMeasurement> measured, TaskProfile? existing)
    {
        ArgumentNullException.ThrowIfNull(measured);
        var variants = new List<KeyValuePair<string, VariantProfile>>();
        foreach (VariantMeasurement m in measured)
        {
            bool enabled = existing is null || !existing.TryGetVariant(m.Variant, out VariantProfile? old) || old.Enabled;
            // A seed must be > 0: a decision never takes less than a microsecond's hundredth.
            var seed = new LatencySeed(Math.Max(0.01, m.P50Us), Math.Max(0.01, m.P90Us), Math.Max(0.01, m.P99Us));
            variants.Add(new(m.Variant, new VariantProfile(Round(m.Agreement), seed, enabled, Round(m.Agreement), m.Accuracy is { } a ? Round(a) : null)));
        }

        if (existing is not null)
        {
            foreach (string name in existing.VariantNames.Where(n => !measured.Any(m => m.Variant == n)))
            {
                existing.TryGetVariant(name, out VariantProfile? kept);
                variants.Add(new(name, kept!));
            }
        }

        return new TaskProfile(
            task,
            actionTokens,
            variants,
            existing?.PlanningQuantile ?? 0.99,
            existing?.Utility ?? UtilitySpec.Hard,
            existing?.OnMiss ?? MissPolicy.Degrade,
            existing?.MinQuality ?? 0);
    }

    /// <summary>Four decimals: finer than any calibration set measures, and the files stay readable.</summary>
    private static double Round(double value) => Math.Round(value, 4);
}
