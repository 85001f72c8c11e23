namespace Fpx.Scenarios.Gaming;

/// <summary>What one fighter did in a match.</summary>
public sealed class FighterStats
{
    /// <summary>Decisions made.</summary>
    public long Decisions { get; internal set; }

    /// <summary>Decisions equal to the scripted expert's most likely action in the same state.</summary>
    public long AgreedWithExpert { get; internal set; }

    /// <summary>Charged latency of each decision, µs.</summary>
    public List<double> LatenciesUs { get; } = [];

    /// <summary>Decisions per variant label.</summary>
    public Dictionary<string, long> Variants { get; } = new(StringComparer.Ordinal);

    /// <summary>Damage dealt over the match.</summary>
    public int DamageDealt { get; internal set; }
}
