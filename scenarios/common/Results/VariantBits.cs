using System.Globalization;

namespace Fpx.Scenarios;

/// <summary>
/// Bits per weight of a variant label, as the element width of its linear layers (block scales not
/// counted): <c>fp16</c>/<c>bf16</c> 16, <c>fp8</c> 8, <c>fp4</c> 4, and an FPX mix <c>fpx-gG</c>
/// (a fraction G of the layers in FP4, the rest in FP8; the FPX paper's gamma) 8(1 - G) + 4G.
/// </summary>
public static class VariantBits
{
    /// <summary>The bits of <paramref name="variant"/>, or null for labels that are not precisions (scripted agents).</summary>
    public static double? Of(string variant)
    {
        ArgumentNullException.ThrowIfNull(variant);
        switch (variant)
        {
            case "fp32":
                return 32;
            case "fp16" or "bf16" or "f16":
                return 16;
            case "fp8" or "fp8-e4m3" or "fp8-e5m2":
                return 8;
            case "fp4" or "mxfp4" or "nvfp4":
                return 4;
        }
        const string prefix = "fpx-g";
        if (variant.StartsWith(prefix, StringComparison.Ordinal)
            && double.TryParse(variant.AsSpan(prefix.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out double gamma)
            && gamma is >= 0 and <= 1)
        {
            return 8 * (1 - gamma) + 4 * gamma;
        }
        return null;
    }

    /// <summary>Mean bits over the variants of a run's decisions (null when none is a precision).</summary>
    public static double? Mean(IReadOnlyDictionary<string, long> decisionsByVariant)
    {
        ArgumentNullException.ThrowIfNull(decisionsByVariant);
        double sum = 0;
        long count = 0;
        foreach (var (variant, n) in decisionsByVariant)
        {
            if (Of(variant) is { } bits)
            {
                sum += bits * n;
                count += n;
            }
        }
        return count == 0 ? null : sum / count;
    }
}
