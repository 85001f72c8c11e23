namespace Fpx.Scenarios.Gaming;

/// <summary>
/// Both fighters and the clock of the current round. Fighter 0 starts on the left and stays there
/// (bodies cannot pass), so "forward" is +x for fighter 0 and -x for fighter 1.
/// </summary>
public sealed partial class GameState
{
    private readonly FighterState[] _fighters = [new(), new()];

    /// <summary>Creates a state at the start of round 0.</summary>
    public GameState(GameOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        StartRound();
    }

    /// <summary>The rules.</summary>
    public GameOptions Options { get; }

    /// <summary>Frames simulated in this round.</summary>
    public int Frame { get; private set; }

    /// <summary>Round index (0-based).</summary>
    public int Round { get; private set; }

    /// <summary>Fighter 0 or 1.</summary>
    public FighterState this[int fighter] => _fighters[fighter];

    /// <summary>Distance between the bodies.</summary>
    public double Distance => _fighters[1].X - _fighters[0].X;

    /// <summary>Frames left on the round timer.</summary>
    public int FramesLeft => Options.RoundFrames - Frame;

    /// <summary>Resets positions, health and timer for the next round.</summary>
    internal void StartRound()
    {
        double middle = Options.StageWidth / 2;
        _fighters[0].Reset(middle - Options.StartDistance / 2, Options.Health);
        _fighters[1].Reset(middle + Options.StartDistance / 2, Options.Health);
        Frame = 0;
    }

    internal void NextRound()
    {
        Round++;
        StartRound();
    }

    /// <summary>A deep copy, for views handed to deciders.</summary>
    public GameState Snapshot()
    {
        var fighters = new[] { _fighters[0].Clone(), _fighters[1].Clone() };
        return new GameState(this, fighters);
    }

    private GameState(GameState source, FighterState[] fighters)
    {
        Options = source.Options;
        Frame = source.Frame;
        Round = source.Round;
        _fighters = fighters;
    }
}
