namespace Fpx.Scenarios.Gaming;

/// <summary>The result of one match between fighter 0 and fighter 1.</summary>
public sealed class MatchResult
{
    internal MatchResult(string fighter0, string fighter1)
    {
        Names = [fighter0, fighter1];
    }

    /// <summary>The fighters' names, by side.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>0 or 1, or -1 for a drawn match.</summary>
    public int Winner { get; internal set; } = -1;

    /// <summary>Rounds won per side.</summary>
    public int[] RoundWins { get; } = new int[2];

    /// <summary>How each round ended.</summary>
    public List<RoundEnd> Rounds { get; } = [];

    /// <summary>Per-side statistics.</summary>
    public FighterStats[] Stats { get; } = [new(), new()];

    /// <summary>Match score of side <paramref name="side"/>: 1 win, 0.5 draw, 0 loss.</summary>
    public double Score(int side) => Winner == -1 ? 0.5 : Winner == side ? 1 : 0;
}
