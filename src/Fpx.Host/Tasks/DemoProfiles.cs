using Fpx.Policy.Profiles;

namespace Fpx.Host.Tasks;

/// <summary>
/// The profiles of <c>fpx serve --fake</c>'s demo tasks, for the fake backend's ladder (fp16,
/// fp8, fpx-g0.30, fp4). The fake path exists to exercise the host, so its tasks go through the
/// same policy as a model's (docs/decisions/0032-profiles-are-the-tasks.md): hard utility, planning
/// quantile 0.99, the qualities of the policy simulation (1, 0.99, 0.97, 0.93). No latency seeds:
/// the scheduler's warm-up measures every variant before the host accepts requests.
/// </summary>
public static class DemoProfiles
{
    /// <summary>demo (0..3, degrade), trade (10..12, degrade) and strict (0..3, reject).</summary>
    public static IReadOnlyList<TaskProfile> All { get; } =
    [
        Create("demo", [0, 1, 2, 3], MissPolicy.Degrade),
        Create("trade", [10, 11, 12], MissPolicy.Degrade),
        Create("strict", [0, 1, 2, 3], MissPolicy.Reject),
    ];

    /// <summary>A demo-style profile for the fake ladder.</summary>
    /// <param name="task">Task name.</param>
    /// <param name="actions">Action tokens.</param>
    /// <param name="onMiss">On-miss rule.</param>
    /// <param name="utility">Utility; hard when null.</param>
    /// <returns>The profile.</returns>
    public static TaskProfile Create(string task, int[] actions, MissPolicy onMiss, UtilitySpec? utility = null) =>
        new(task, actions,
        [
            new("fp16", new VariantProfile(1.0)),
            new("fp8", new VariantProfile(0.99)),
            new("fpx-g0.30", new VariantProfile(0.97)),
            new("fp4", new VariantProfile(0.93)),
        ],
        0.99, utility ?? UtilitySpec.Hard, onMiss);
}
