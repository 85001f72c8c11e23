namespace Fpx.Policy.Profiles;

/// <summary>What to do when no variant is expected to be worth anything inside the budget (JSON <c>on_miss</c>).</summary>
public enum MissPolicy
{
    /// <summary><c>degrade</c>: serve the fastest allowed variant anyway, flagged as degraded.</summary>
    Degrade,

    /// <summary><c>reject</c>: answer at once with <c>deadline_unreachable</c>.</summary>
    Reject,
}
