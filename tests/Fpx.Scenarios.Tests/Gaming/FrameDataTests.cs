using Fpx.Scenarios.Gaming;

namespace Fpx.Scenarios.Tests.Gaming;

public class FrameDataTests
{
    /// <summary>Runs <paramref name="frames"/> frames, giving each input at the start of its frame.</summary>
    private static GameState Run(double distance, int frames, params (int Frame, int Side, FighterAction Action)[] inputs)
    {
        var state = new GameState(new GameOptions { StartDistance = distance });
        for (int f = 0; f < frames; f++)
        {
            foreach (var input in inputs.Where(i => i.Frame == f))
            {
                state.Input(input.Side, input.Action);
            }
            Assert.Null(state.Step());
        }
        return state;
    }

    [Fact]
    public void JabConnectsOnItsFirstActiveFrameAfterFourStartupFrames()
    {
        Assert.Equal(100, Run(1.0, 4, (0, 0, FighterAction.Jab))[1].Health); // frames 0-3: startup
        var hit = Run(1.0, 5, (0, 0, FighterAction.Jab));                       // frame 4: active
        Assert.Equal(100 - MoveData.Jab.Damage, hit[1].Health);
        Assert.Equal(FighterStatus.Hitstun, hit[1].Status);
        // It connects once, and the attacker is actionable after startup + active + recovery = 14 frames.
        var later = Run(1.0, 14, (0, 0, FighterAction.Jab));
        Assert.Equal(100 - MoveData.Jab.Damage, later[1].Health);
        Assert.True(later[0].Actionable);
        Assert.False(Run(1.0, 13, (0, 0, FighterAction.Jab))[0].Actionable);
    }

    [Fact]
    public void ABlockThatStartsOnTheFirstActiveFrameHoldsAndOneFrameLaterFails()
    {
        var inTime = Run(1.0, 6, (0, 0, FighterAction.Jab), (4, 1, FighterAction.Block));
        Assert.Equal(100, inTime[1].Health);
        Assert.Equal(FighterStatus.Blockstun, inTime[1].Status);
        var late = Run(1.0, 6, (0, 0, FighterAction.Jab), (5, 1, FighterAction.Block));
        Assert.Equal(100 - MoveData.Jab.Damage, late[1].Health);
        // Heavy: 12 startup frames, so a block at frame 12 holds and at 13 fails.
        Assert.Equal(100, Run(1.5, 14, (0, 0, FighterAction.Heavy), (12, 1, FighterAction.Block))[1].Health);
        Assert.Equal(100 - MoveData.Heavy.Damage, Run(1.5, 14, (0, 0, FighterAction.Heavy), (13, 1, FighterAction.Block))[1].Health);
    }

    [Fact]
    public void OutOfRangeAttacksWhiff()
    {
        Assert.Equal(100, Run(MoveData.Jab.Range + 0.05, 14, (0, 0, FighterAction.Jab))[1].Health);
        Assert.Equal(100, Run(MoveData.Heavy.Range + 0.05, 35, (0, 0, FighterAction.Heavy))[1].Health);
    }

    [Fact]
    public void AWhiffedHeavyIsPunishableOnlyInItsRecovery()
    {
        // Heavy at frame 0 whiffs at 1.75; recovery runs frames 15-34. Walk in from frame 14 (12 frames: 1.15 apart).
        var punished = Run(1.75, 31, (0, 0, FighterAction.Heavy), (14, 1, FighterAction.Forward), (26, 1, FighterAction.Jab));
        Assert.Equal(100 - MoveData.Jab.Damage, punished[0].Health); // jab active at frame 30, inside the recovery
        // A jab started at 31 is active at 35, the heavy's first actionable frame: a block then holds.
        var tooLate = Run(1.75, 37, (0, 0, FighterAction.Heavy), (14, 1, FighterAction.Forward), (26, 1, FighterAction.Idle),
            (31, 1, FighterAction.Jab), (35, 0, FighterAction.Block));
        Assert.Equal(100, tooLate[0].Health);
        Assert.Equal(FighterStatus.Blockstun, tooLate[0].Status);
    }

    [Fact]
    public void HitstunBlocksActionsWhichAreBufferedUntilTheFirstActionableFrame()
    {
        // Jab hits at frame 4; hitstun 12 means frames 5-16 without acting, actionable at 17.
        var state = new GameState(new GameOptions { StartDistance = 1.0 });
        for (int f = 0; f < 17; f++)
        {
            if (f == 0)
            {
                state.Input(0, FighterAction.Jab);
            }
            if (f == 6)
            {
                state.Input(1, FighterAction.Block);
                Assert.Equal(FighterStatus.Hitstun, state[1].Status);
                Assert.Equal(FighterAction.Block, state[1].Buffered);
            }
            state.Step();
            if (f == 15)
            {
                Assert.Equal(FighterStatus.Hitstun, state[1].Status);
            }
        }
        Assert.Equal(FighterStatus.Block, state[1].Status);
        Assert.Null(state[1].Buffered);
    }

    [Fact]
    public void DodgeIsInvulnerableThenPunishable()
    {
        // Jab active at frames 4-5 while the dodge (frames 0-7 invulnerable) is still in reach: it passes through.
        Assert.Equal(100, Run(0.7, 6, (0, 0, FighterAction.Jab), (0, 1, FighterAction.Dodge))[1].Health);
        // A heavy active at 12 catches the dodge's recovery (0.7 + 0.9 = 1.6 apart, within 1.7).
        Assert.Equal(100 - MoveData.Heavy.Damage, Run(0.7, 13, (0, 0, FighterAction.Heavy), (0, 1, FighterAction.Dodge))[1].Health);
    }

    [Fact]
    public void SimultaneousJabsTrade()
    {
        var state = Run(1.0, 5, (0, 0, FighterAction.Jab), (0, 1, FighterAction.Jab));
        Assert.Equal(100 - MoveData.Jab.Damage, state[0].Health);
        Assert.Equal(100 - MoveData.Jab.Damage, state[1].Health);
    }

    [Fact]
    public void BodiesDoNotPassAndStayOnStage()
    {
        var state = Run(3, 200, (0, 0, FighterAction.Forward), (0, 1, FighterAction.Forward));
        Assert.Equal(state.Options.MinDistance, state.Distance, 9);
        var apart = Run(3, 400, (0, 0, FighterAction.Back), (0, 1, FighterAction.Back));
        Assert.Equal(0, apart[0].X);
        Assert.Equal(apart.Options.StageWidth, apart[1].X);
    }

    [Fact]
    public void RoundsEndByKnockOutOrTimeOut()
    {
        var state = new GameState(new GameOptions { RoundFrames = 60 });
        RoundEnd? end = null;
        for (int f = 0; end is null; f++)
        {
            end = state.Step();
        }
        Assert.Equal(new RoundEnd(-1, false, 60), end);
        var ko = new GameState(new GameOptions { StartDistance = 1.0, Health = 5 });
        ko.Input(0, FighterAction.Jab);
        RoundEnd? koEnd = null;
        while (koEnd is null)
        {
            koEnd = ko.Step();
        }
        Assert.Equal(new RoundEnd(0, true, 5), koEnd);
    }
}
