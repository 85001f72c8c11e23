namespace Fpx.Policy.Profiles;

/// <summary>How the value of an answer falls with its latency (JSON <c>utility.kind</c>).</summary>
public enum UtilityKind
{
    /// <summary><c>hard</c>: 1 up to the request's budget.</summary>
    Hard,

    /// <summary><c>linear</c>: 1 − latency / <c>zero_at_us</c> (default the budget), never below 0.</summary>
    Linear,

    /// <summary><c>exponential</c>: 2^(−latency / <c>half_life_us</c>).</summary>
    Exponential,
}
