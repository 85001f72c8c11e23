using System.Text;
using Fpx.Policy.Profiles;

namespace Fpx.Host.Tasks;

/// <summary>
/// A task bots ask decisions for: its name, the action tokens a decision chooses among, the
/// on-miss rule and, normally, the Fpx.Policy <see cref="TaskProfile"/> they come from (which the
/// policy selector plans with). Immutable: replacing a task's profile makes a new definition, and
/// requests already admitted keep the one they started with.
/// </summary>
public sealed class TaskDefinition
{
    /// <summary>Most action tokens per task.</summary>
    public const int MaxActions = 1024;

    /// <summary>Creates a task from its profile (name, action tokens and on-miss rule come from it).</summary>
    /// <param name="profile">A valid profile with at most <see cref="MaxActions"/> action tokens.</param>
    public TaskDefinition(TaskProfile profile)
        : this(
            (profile ?? throw new ArgumentNullException(nameof(profile))).Task,
            profile.ActionTokens,
            profile.OnMiss == MissPolicy.Reject ? OnMissRule.Reject : OnMissRule.Degrade)
    {
        Profile = profile;
    }

    /// <summary>Creates a task without a profile (the policy selector then falls back to the budget rule, <c>BudgetVariantSelector</c>).</summary>
    /// <param name="name">1..64 characters of [A-Za-z0-9._-].</param>
    /// <param name="actionTokens">1..1024 distinct non-negative token ids.</param>
    /// <param name="onMiss">What to do when nothing fits the budget.</param>
    public TaskDefinition(string name, IReadOnlyList<int> actionTokens, OnMissRule onMiss)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(actionTokens);
        if (!IsValidName(name))
        {
            throw new ArgumentException($"Task name '{name}' must be 1..64 characters of [A-Za-z0-9._-].", nameof(name));
        }

        if (actionTokens.Count is < 1 or > MaxActions || actionTokens.Any(t => t < 0) || actionTokens.Distinct().Count() != actionTokens.Count)
        {
            throw new ArgumentException($"Task '{name}' needs 1..{MaxActions} distinct non-negative action tokens.", nameof(actionTokens));
        }

        if (!Enum.IsDefined(onMiss))
        {
            throw new ArgumentOutOfRangeException(nameof(onMiss));
        }

        Name = name;
        Utf8Name = Encoding.UTF8.GetBytes(name);
        ActionTokens = actionTokens.ToArray();
        OnMiss = onMiss;
    }

    /// <summary>The task's name.</summary>
    public string Name { get; }

    /// <summary>The name in UTF-8, for allocation-free lookup and writing.</summary>
    public ReadOnlyMemory<byte> Utf8Name { get; }

    /// <summary>The allowed action token ids; response probabilities follow this order.</summary>
    public ReadOnlyMemory<int> ActionTokens { get; }

    /// <summary>The on-miss rule.</summary>
    public OnMissRule OnMiss { get; }

    /// <summary>The task's profile, or null for a task defined in code without one.</summary>
    public TaskProfile? Profile { get; }

    /// <summary>True for 1..64 characters of [A-Za-z0-9._-] (names become profile file names).</summary>
    /// <param name="name">A candidate name.</param>
    /// <returns>Whether it is valid.</returns>
    public static bool IsValidName(string name) =>
        name.Length is >= 1 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') && name is not "." and not "..";
}
