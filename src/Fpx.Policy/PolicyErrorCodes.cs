namespace Fpx.Policy;

/// <summary>
/// Stable error codes raised by the policy. They equal the wire codes of docs/DESIGN.md
/// ("Wire protocol") so the host can pass them through unchanged; never rename one.
/// </summary>
public static class PolicyErrorCodes
{
    /// <summary>A task profile is malformed or has a value out of range.</summary>
    public const string BadProfile = "bad_profile";

    /// <summary>No profile exists for the task a request names.</summary>
    public const string UnknownTask = "unknown_task";

    /// <summary>No variant can answer within the budget and the task's profile says reject.</summary>
    public const string DeadlineUnreachable = "deadline_unreachable";
}
