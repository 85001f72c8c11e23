using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Fpx.Policy.Profiles;

/// <summary>
/// A task's latency-quality profile (docs/profiles.md): which variants it may use and how good
/// each is on it, the latency quantile to plan for, the utility of latency and what to do when
/// nothing fits. Immutable and valid once constructed.
/// </summary>
public sealed class TaskProfile
{
    private readonly FrozenDictionary<string, VariantProfile> _variants;

    /// <summary>Creates a profile.</summary>
    /// <param name="task">Task name (see <see cref="ProfileNames"/>).</param>
    /// <param name="actionTokens">The token ids the model may answer with: distinct, ≥ 0, at least one.</param>
    /// <param name="variants">Every variant the task knows, in the order to list them; names must be distinct.</param>
    /// <param name="planningQuantile">The latency quantile to plan for, in (0, 1), e.g. 0.99.</param>
    /// <param name="utility">The utility of latency.</param>
    /// <param name="onMiss">What to do when nothing fits.</param>
    /// <param name="minQuality">Variants below this quality are never chosen, in [0, 1].</param>
    /// <exception cref="ProfileValidationException">Something is out of range; the path names the field.</exception>
    public TaskProfile(
        string task,
        IEnumerable<int> actionTokens,
        IEnumerable<KeyValuePair<string, VariantProfile>> variants,
        double planningQuantile,
        UtilitySpec utility,
        MissPolicy onMiss,
        double minQuality = 0)
    {
        ArgumentNullException.ThrowIfNull(actionTokens);
        ArgumentNullException.ThrowIfNull(variants);
        ArgumentNullException.ThrowIfNull(utility);
        ProfileNames.Check("task", task);
        ActionTokens = CheckTokens([.. actionTokens]);
        if (!(planningQuantile > 0 && planningQuantile < 1))
        {
            ThrowHelper.ThrowProfile("planning_quantile", "must be in (0, 1)");
        }

        if (!Enum.IsDefined(onMiss))
        {
            ThrowHelper.ThrowProfile("on_miss", "must be degrade or reject");
        }

        VariantProfile.CheckUnit("min_quality", minQuality);

        var names = ImmutableArray.CreateBuilder<string>();
        var map = new Dictionary<string, VariantProfile>(StringComparer.Ordinal);
        foreach (var (name, variant) in variants)
        {
            if (!ProfileNames.IsValid(name))
            {
                ThrowHelper.ThrowProfile("variants." + name, "is not a valid variant name (" + ProfileNames.Rule + ")");
            }

            ArgumentNullException.ThrowIfNull(variant);
            if (!map.TryAdd(name, variant))
            {
                ThrowHelper.ThrowProfile("variants." + name, "appears more than once");
            }

            names.Add(name);
        }

        if (map.Count == 0)
        {
            ThrowHelper.ThrowProfile("variants", "must list at least one variant");
        }

        if (!map.Values.Any(v => v.Enabled))
        {
            ThrowHelper.ThrowProfile("variants", "must enable at least one variant");
        }

        if (!map.Values.Any(v => v.Enabled && v.Quality >= minQuality))
        {
            ThrowHelper.ThrowProfile("min_quality", "excludes every enabled variant");
        }

        Task = task;
        VariantNames = names.ToImmutable();
        _variants = map.ToFrozenDictionary(StringComparer.Ordinal);
        PlanningQuantile = planningQuantile;
        Utility = utility;
        OnMiss = onMiss;
        MinQuality = minQuality;
    }

    /// <summary>Task name.</summary>
    public string Task { get; }

    /// <summary>Token ids the model may answer with.</summary>
    public ImmutableArray<int> ActionTokens { get; }

    /// <summary>Variant names in profile order.</summary>
    public ImmutableArray<string> VariantNames { get; }

    /// <summary>The latency quantile to plan for.</summary>
    public double PlanningQuantile { get; }

    /// <summary>The utility of latency.</summary>
    public UtilitySpec Utility { get; }

    /// <summary>What to do when nothing fits.</summary>
    public MissPolicy OnMiss { get; }

    /// <summary>The lowest quality a chosen variant may have.</summary>
    public double MinQuality { get; }

    /// <summary>The profile's entry for <paramref name="variant"/> (no allocation).</summary>
    /// <param name="variant">Variant name.</param>
    /// <param name="profile">The entry.</param>
    /// <returns>False when the task does not know the variant.</returns>
    public bool TryGetVariant(string variant, [MaybeNullWhen(false)] out VariantProfile profile) =>
        _variants.TryGetValue(variant, out profile);

    private static ImmutableArray<int> CheckTokens(int[] tokens)
    {
        if (tokens.Length == 0)
        {
            ThrowHelper.ThrowProfile("action_tokens", "must list at least one token");
        }

        var seen = new HashSet<int>();
        for (int i = 0; i < tokens.Length; i++)
        {
            if (tokens[i] < 0)
            {
                ThrowHelper.ThrowProfile($"action_tokens[{i}]", "must be >= 0");
            }

            if (!seen.Add(tokens[i]))
            {
                ThrowHelper.ThrowProfile($"action_tokens[{i}]", "repeats an earlier token");
            }
        }

        return ImmutableArray.Create(tokens);
    }
}
