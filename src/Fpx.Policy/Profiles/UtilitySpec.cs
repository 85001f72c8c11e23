using System.Runtime.CompilerServices;

namespace Fpx.Policy.Profiles;

/// <summary>
/// The utility of an answer as a function of its latency, in [0, 1]. Whatever the kind, an answer
/// later than the request's budget is worth 0, and one exactly at the budget meets it.
/// </summary>
public sealed class UtilitySpec
{
    private UtilitySpec(UtilityKind kind, double? zeroAtUs, double? halfLifeUs)
    {
        Kind = kind;
        ZeroAtUs = zeroAtUs;
        HalfLifeUs = halfLifeUs;
    }

    /// <summary>Full value up to the budget, none after.</summary>
    public static UtilitySpec Hard { get; } = new(UtilityKind.Hard, null, null);

    /// <summary>The kind.</summary>
    public UtilityKind Kind { get; }

    /// <summary>For <see cref="UtilityKind.Linear"/>: where the value reaches 0, µs; null means at the budget.</summary>
    public double? ZeroAtUs { get; }

    /// <summary>For <see cref="UtilityKind.Exponential"/>: the latency that halves the value, µs.</summary>
    public double? HalfLifeUs { get; }

    /// <summary>Value falling linearly from 1 at latency 0 to 0 at <paramref name="zeroAtUs"/>.</summary>
    /// <param name="zeroAtUs">Where the value reaches 0, µs (finite, &gt; 0); null for the request's budget.</param>
    /// <returns>The spec.</returns>
    /// <exception cref="ProfileValidationException">Out of range (path <c>zero_at_us</c>).</exception>
    public static UtilitySpec Linear(double? zeroAtUs = null)
    {
        if (zeroAtUs is { } z && !(double.IsFinite(z) && z > 0))
        {
            ThrowHelper.ThrowProfile("zero_at_us", "must be a finite number > 0");
        }

        return new UtilitySpec(UtilityKind.Linear, zeroAtUs, null);
    }

    /// <summary>Value halving every <paramref name="halfLifeUs"/> of latency.</summary>
    /// <param name="halfLifeUs">The half-life, µs (finite, &gt; 0).</param>
    /// <returns>The spec.</returns>
    /// <exception cref="ProfileValidationException">Out of range (path <c>half_life_us</c>).</exception>
    public static UtilitySpec Exponential(double halfLifeUs)
    {
        if (!(double.IsFinite(halfLifeUs) && halfLifeUs > 0))
        {
            ThrowHelper.ThrowProfile("half_life_us", "must be > 0");
        }

        return new UtilitySpec(UtilityKind.Exponential, null, halfLifeUs);
    }

    /// <summary>The value of an answer after <paramref name="latencyUs"/> for a request with <paramref name="budgetUs"/>.</summary>
    /// <param name="latencyUs">Latency from receipt to answer, µs.</param>
    /// <param name="budgetUs">The request's budget, µs (may be +∞).</param>
    /// <returns>A value in [0, 1]; 0 past the budget.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Evaluate(double latencyUs, double budgetUs)
    {
        // Written so that NaN lands on 0: only a latency known to be within the budget has value.
        if (!(latencyUs <= budgetUs))
        {
            return 0;
        }

        latencyUs = Math.Max(0, latencyUs);
        switch (Kind)
        {
            case UtilityKind.Hard:
                return 1;
            case UtilityKind.Linear:
                double zeroAt = ZeroAtUs ?? budgetUs;
                return latencyUs < zeroAt ? 1 - (latencyUs / zeroAt) : 0;
            default:
                return double.Exp2(-latencyUs / HalfLifeUs!.Value);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        UtilityKind.Hard => "hard",
        UtilityKind.Linear => ZeroAtUs is { } z ? $"linear(zero_at_us={z})" : "linear(zero_at_us=budget)",
        _ => $"exponential(half_life_us={HalfLifeUs})",
    };
}
