namespace Fpx.Engine.Runtime;

/// <summary>The requested variant names, parsed and deduplicated, and the encodings they need.</summary>
internal sealed class VariantPlan
{
    private VariantPlan(List<(string, LinearEncoding?, double)> variants, SortedSet<LinearEncoding> encodings)
    {
        Variants = variants;
        Encodings = encodings;
    }

    public IReadOnlyList<(string Name, LinearEncoding? Uniform, double Gamma)> Variants { get; }

    public IReadOnlyCollection<LinearEncoding> Encodings { get; }

    public bool HasMixes => Variants.Any(v => v.Uniform is null);

    public static VariantPlan Parse(IEnumerable<string> names)
    {
        var variants = new List<(string, LinearEncoding?, double)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var encodings = new SortedSet<LinearEncoding>();
        foreach (string name in names)
        {
            if (!VariantNames.TryParse(name, out var uniform, out double gamma, out string canonical))
            {
                throw new ArgumentException($"unknown variant '{name}': {VariantNames.Help}", nameof(names));
            }
            if (!seen.Add(canonical))
            {
                continue;
            }
            variants.Add((canonical, uniform, gamma));
            if (uniform is { } e)
            {
                encodings.Add(e);
            }
            else
            {
                // A mix points into the FP8 and FP4 copies (gamma 0 or 1 needs only one of them, but
                // both are kept so that the variant's meaning never depends on rounding).
                encodings.Add(LinearEncoding.Fp8);
                encodings.Add(LinearEncoding.Fp4);
            }
        }
        return new VariantPlan(variants, encodings);
    }
}
