using System.Globalization;

namespace Fpx.Engine.Runtime;

/// <summary>
/// Variant names: <c>f32</c>, <c>fp16</c>, <c>fp8</c>, <c>fp4</c> (every linear layer in one
/// encoding) and <c>fpx-gG</c>, the FPX mix that puts the fraction G (0..1, two decimals) of least
/// sensitive linear layers in FP4 and the rest in FP8 (the FPX paper's ladder).
/// </summary>
public static class VariantNames
{
    /// <summary>Prefix of mix names.</summary>
    public const string MixPrefix = "fpx-g";

    /// <summary>The mix ratios of the standard ladder: 0.10 to 0.90 in steps of 0.10.</summary>
    public static IReadOnlyList<double> StandardGammas { get; } = Enumerable.Range(1, 9).Select(i => i / 10.0).ToArray();

    /// <summary>What a server loads by default, from most to least precise: fp16, fp8, the nine mixes, fp4.</summary>
    public static IReadOnlyList<string> Serving { get; } =
        new[] { "fp16", "fp8" }.Concat(StandardGammas.Select(Mix)).Append("fp4").ToArray();

    /// <summary><see cref="Serving"/> plus the f32 reference.</summary>
    public static IReadOnlyList<string> All { get; } = new[] { "f32" }.Concat(Serving).ToArray();

    /// <summary>The canonical name of the mix with ratio <paramref name="gamma"/>, e.g. <c>fpx-g0.30</c>.</summary>
    public static string Mix(double gamma) => MixPrefix + gamma.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>
    /// Parses a variant name: a uniform encoding, or a mix ratio in [0, 1] with at most two decimals.
    /// <paramref name="canonical"/> is the name as Fpx spells it (<c>fpx-g0.3</c> becomes <c>fpx-g0.30</c>).
    /// </summary>
    public static bool TryParse(string name, out LinearEncoding? uniform, out double gamma, out string canonical)
    {
        uniform = null;
        gamma = 0;
        canonical = name;
        switch (name)
        {
            case "f32":
                uniform = LinearEncoding.F32;
                return true;
            case "fp16":
                uniform = LinearEncoding.F16;
                return true;
            case "fp8":
                uniform = LinearEncoding.Fp8;
                return true;
            case "fp4":
                uniform = LinearEncoding.Fp4;
                return true;
        }
        if (name.StartsWith(MixPrefix, StringComparison.Ordinal)
            && double.TryParse(name.AsSpan(MixPrefix.Length), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double g)
            && g is >= 0 and <= 1 && Math.Abs(Math.Round(g, 2) - g) < 1e-12)
        {
            gamma = Math.Round(g, 2);
            canonical = Mix(gamma);
            return true;
        }
        return false;
    }

    /// <summary>A message that lists the accepted names, for errors.</summary>
    public static string Help => $"expected one of {string.Join(", ", All)} (or any fpx-gG with G in [0, 1], two decimals)";
}
