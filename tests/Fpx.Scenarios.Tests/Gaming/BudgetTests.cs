using Fpx.Scenarios.Gaming;

namespace Fpx.Scenarios.Tests.Gaming;

public class BudgetTests
{
    private static readonly GameOptions Options = new();

    /// <summary>A state with the fighters <paramref name="distance"/> apart in mid-stage.</summary>
    private static GameState At(double distance)
    {
        var state = new GameState(Options);
        state[0].X = 5 - distance / 2;
        state[1].X = 5 + distance / 2;
        return state;
    }

    private static long BudgetOf(GameState state, int me = 0) => GamingBudget.Of(new FighterView(state.Snapshot(), me, []));

    [Fact]
    public void Neutral_gets_the_loose_budget()
    {
        Assert.Equal(Options.BudgetUs, BudgetOf(At(3)));
    }

    [Fact]
    public void An_incoming_jab_leaves_the_frames_until_its_first_active_frame()
    {
        var state = At(1);
        state.Input(1, FighterAction.Jab);
        state.Step(); // the jab's first startup frame has run: 3 of its 4 are left
        // A decision acts on frame f + 1 + floor(latency in frames): under 3 frames (750 us) it is in time.
        Assert.Equal((long)Options.FramesToLatencyUs(3) - 1, BudgetOf(state));
        state.Step();
        state.Step();
        Assert.Equal((long)Options.FramesToLatencyUs(1) - 1, BudgetOf(state));
    }

    [Fact]
    public void A_jab_out_of_reach_is_not_incoming_but_a_window_to_punish()
    {
        var state = At(4);
        state.Input(1, FighterAction.Jab);
        state.Step();
        // 13 of its 14 frames left before the jabber can act again, less a jab's 4-frame startup.
        Assert.Equal((long)Options.FramesToLatencyUs(13 - MoveData.Jab.Startup) - 1, BudgetOf(state));
    }

    [Fact]
    public void A_whiffed_heavy_is_a_punish_window_less_a_jabs_startup()
    {
        var state = At(4);
        state.Input(1, FighterAction.Heavy);
        for (int i = 0; i < 15; i++)
        {
            state.Step(); // startup and active frames pass out of reach
        }
        int left = state[1].FramesUntilActionable;
        Assert.Equal(20, left);
        Assert.Equal((long)Options.FramesToLatencyUs(left - MoveData.Jab.Startup) - 1, BudgetOf(state));
    }

    [Fact]
    public void A_decider_that_cannot_act_yet_gets_at_least_the_frames_until_it_can()
    {
        var state = At(1);
        state.Input(0, FighterAction.Heavy); // me: 35 frames committed
        state.Input(1, FighterAction.Jab);
        state.Step();
        Assert.Equal((long)Options.FramesToLatencyUs(state[0].FramesUntilActionable) - 1, BudgetOf(state));
    }
}
