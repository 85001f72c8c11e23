using Fpx.Policy.Latency;

namespace Fpx.Policy.Profiles;

/// <summary>What a task profile says about one variant (JSON <c>variants.&lt;name&gt;</c>).</summary>
public sealed class VariantProfile
{
    /// <summary>Creates a variant entry.</summary>
    /// <param name="quality">
    /// The variant's quality on the task in [0, 1], the number the policy weighs latency against
    /// (for example agreement with fp16, or accuracy relative to fp16's).
    /// </param>
    /// <param name="latency">Seed quantiles of its service time, used until live samples exist; may be null.</param>
    /// <param name="enabled">False keeps the variant out of every choice.</param>
    /// <param name="agreement">Measured agreement with fp16's action in [0, 1], informational (shown next to the live rate).</param>
    /// <param name="accuracy">Measured task accuracy in [0, 1], informational.</param>
    /// <exception cref="ProfileValidationException">A value is out of range (paths <c>quality</c>, <c>agreement</c>, <c>accuracy</c>).</exception>
    public VariantProfile(double quality, LatencySeed? latency = null, bool enabled = true, double? agreement = null, double? accuracy = null)
    {
        CheckUnit("quality", quality);
        if (agreement is { } a)
        {
            CheckUnit("agreement", a);
        }

        if (accuracy is { } c)
        {
            CheckUnit("accuracy", c);
        }

        Quality = quality;
        Latency = latency;
        Enabled = enabled;
        Agreement = agreement;
        Accuracy = accuracy;
    }

    /// <summary>Quality on the task, in [0, 1].</summary>
    public double Quality { get; }

    /// <summary>Seed service-time quantiles, or null.</summary>
    public LatencySeed? Latency { get; }

    /// <summary>Whether the variant may be chosen.</summary>
    public bool Enabled { get; }

    /// <summary>Profiled agreement with fp16, or null.</summary>
    public double? Agreement { get; }

    /// <summary>Profiled accuracy, or null.</summary>
    public double? Accuracy { get; }

    internal static void CheckUnit(string path, double value)
    {
        if (!(value >= 0 && value <= 1))
        {
            ThrowHelper.ThrowProfile(path, "must be in [0, 1]");
        }
    }
}
