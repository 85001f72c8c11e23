namespace Fpx.Scenarios.Gaming;

/// <summary>The frame rules: how actions start and one frame is simulated.</summary>
public sealed partial class GameState
{
    /// <summary>
    /// An action arrives for <paramref name="fighter"/> at the start of the current frame: it starts now
    /// if the fighter can act, else it is buffered (replacing any older buffered action) and starts at the
    /// first actionable frame. Choosing the stance the fighter is already in changes nothing.
    /// </summary>
    public void Input(int fighter, FighterAction action)
    {
        var f = _fighters[fighter];
        if (f.Actionable)
        {
            Start(f, action);
        }
        else
        {
            f.Buffered = action;
        }
    }

    private static void Start(FighterState f, FighterAction action)
    {
        f.Buffered = null;
        if (MoveData.Of(action) is { } move)
        {
            f.Status = action == FighterAction.Dodge ? FighterStatus.Dodge : FighterStatus.Attack;
            f.Move = move;
            f.Elapsed = 0;
            f.Connected = false;
            return;
        }
        f.Status = action switch
        {
            FighterAction.Forward => FighterStatus.WalkForward,
            FighterAction.Back => FighterStatus.WalkBack,
            FighterAction.Block => FighterStatus.Block,
            _ => FighterStatus.Idle,
        };
    }

    /// <summary>
    /// Simulates the current frame: movement, then hits (both fighters' attacks are checked against
    /// the same positions, so simultaneous hits trade), then frame counters. Returns the round's end,
    /// or null while it goes on.
    /// </summary>
    public RoundEnd? Step()
    {
        Move();
        var hit0 = Resolve(0);
        var hit1 = Resolve(1);
        Apply(hit0, attacker: 0);
        Apply(hit1, attacker: 1);
        Advance(_fighters[0], justStunned: hit1 is not null);
        Advance(_fighters[1], justStunned: hit0 is not null);
        Frame++;
        bool ko0 = _fighters[0].Health <= 0, ko1 = _fighters[1].Health <= 0;
        if (ko0 || ko1)
        {
            return new RoundEnd(ko0 && ko1 ? -1 : ko1 ? 0 : 1, KnockOut: true, Frame);
        }
        if (Frame >= Options.RoundFrames)
        {
            int h0 = _fighters[0].Health, h1 = _fighters[1].Health;
            return new RoundEnd(h0 == h1 ? -1 : h0 > h1 ? 0 : 1, KnockOut: false, Frame);
        }
        return null;
    }

    private void Move()
    {
        // Signed displacement toward +x, and how much of it was forward motion (the part that yields on contact).
        Span<double> delta = stackalloc double[2];
        Span<double> forward = stackalloc double[2];
        for (int i = 0; i < 2; i++)
        {
            var f = _fighters[i];
            double toward = f.Status switch
            {
                FighterStatus.WalkForward => Options.ForwardSpeed,
                FighterStatus.WalkBack => -Options.BackSpeed,
                FighterStatus.Dodge when f.Elapsed < f.Move!.Startup + f.Move.Active => -f.Move.Speed,
                _ => 0,
            };
            forward[i] = Math.Max(0, toward);
            delta[i] = i == 0 ? toward : -toward;
        }
        double x0 = Math.Clamp(_fighters[0].X + delta[0], 0, Options.StageWidth);
        double x1 = Math.Clamp(_fighters[1].X + delta[1], 0, Options.StageWidth);
        double overlap = Options.MinDistance - (x1 - x0);
        if (overlap > 0)
        {
            double total = forward[0] + forward[1];
            double share0 = total > 0 ? forward[0] / total : 0.5;
            x0 -= overlap * share0;
            x1 += overlap * (1 - share0);
            // A fighter pinned at a wall cannot give way; the other takes the rest.
            if (x0 < 0)
            {
                x1 -= x0;
                x0 = 0;
            }
            if (x1 > Options.StageWidth)
            {
                x0 -= x1 - Options.StageWidth;
                x1 = Options.StageWidth;
            }
        }
        _fighters[0].X = x0;
        _fighters[1].X = x1;
    }

    private Hit? Resolve(int attacker)
    {
        var a = _fighters[attacker];
        var d = _fighters[1 - attacker];
        if (!a.Threatening || Distance > a.Move!.Range || d.Invulnerable)
        {
            return null;
        }
        return new Hit(a.Move, Blocked: d.Guarding);
    }

    private void Apply(Hit? hit, int attacker)
    {
        if (hit is not { } h)
        {
            return;
        }
        _fighters[attacker].Connected = true;
        var d = _fighters[1 - attacker];
        d.Move = null;
        d.Elapsed = 0;
        d.Buffered = null;
        if (h.Blocked)
        {
            d.Status = FighterStatus.Blockstun;
            d.Stun = h.Move.Blockstun;
        }
        else
        {
            d.Status = FighterStatus.Hitstun;
            d.Stun = h.Move.Hitstun;
            d.Health = Math.Max(0, d.Health - h.Move.Damage);
        }
        Push(attacker, h.Move.Pushback);
    }

    /// <summary>Pushes the defender away; at the wall the attacker recoils instead.</summary>
    private void Push(int attacker, double distance)
    {
        int defender = 1 - attacker;
        double away = defender == 1 ? 1 : -1;
        var d = _fighters[defender];
        double target = d.X + away * distance;
        double clamped = Math.Clamp(target, 0, Options.StageWidth);
        d.X = clamped;
        var a = _fighters[attacker];
        a.X = Math.Clamp(a.X - away * Math.Abs(target - clamped), 0, Options.StageWidth);
    }

    private static void Advance(FighterState f, bool justStunned)
    {
        if (f.Move is { } move)
        {
            f.Elapsed++;
            if (f.Elapsed >= move.Total)
            {
                f.Move = null;
                f.Elapsed = 0;
                f.Status = FighterStatus.Idle;
            }
        }
        else if (f.Status is FighterStatus.Hitstun or FighterStatus.Blockstun && !justStunned)
        {
            // Stun counts from the frame after the hit: stun N means N whole frames without acting.
            f.Stun--;
            if (f.Stun <= 0)
            {
                f.Stun = 0;
                f.Status = f.Status == FighterStatus.Blockstun ? FighterStatus.Block : FighterStatus.Idle;
            }
        }
        if (f.Actionable && f.Buffered is { } buffered)
        {
            Start(f, buffered);
        }
    }

    private readonly record struct Hit(MoveData Move, bool Blocked);
}
