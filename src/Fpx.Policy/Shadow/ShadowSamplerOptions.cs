using Fpx.Policy.Profiles;

namespace Fpx.Policy.Shadow;

/// <summary>Settings of a <see cref="ShadowSampler"/>, checked when constructed.</summary>
public sealed class ShadowSamplerOptions
{
    /// <summary>Creates options.</summary>
    /// <param name="fraction">Share of eligible requests to shadow, in [0, 1].</param>
    /// <param name="seed">Seed of the sampling hash; the same seed picks the same request ids.</param>
    /// <param name="referenceVariant">The variant shadows run on, normally <c>fp16</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is outside [0, 1].</exception>
    /// <exception cref="ArgumentException">The reference variant is not a valid variant name.</exception>
    public ShadowSamplerOptions(double fraction, ulong seed = 0, string referenceVariant = "fp16")
    {
        if (!(fraction >= 0 && fraction <= 1))
        {
            ThrowHelper.ThrowOutOfRange(nameof(fraction), fraction, "must be in [0, 1]");
        }

        if (!ProfileNames.IsValid(referenceVariant))
        {
            throw new ArgumentException("Not a valid variant name", nameof(referenceVariant));
        }

        Fraction = fraction;
        Seed = seed;
        ReferenceVariant = referenceVariant;
    }

    /// <summary>Share of eligible requests to shadow.</summary>
    public double Fraction { get; }

    /// <summary>Seed of the sampling hash.</summary>
    public ulong Seed { get; }

    /// <summary>The variant shadows run on.</summary>
    public string ReferenceVariant { get; }
}
