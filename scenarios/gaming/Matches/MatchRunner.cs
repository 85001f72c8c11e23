namespace Fpx.Scenarios.Gaming;

/// <summary>
/// Plays a match frame by frame. At each frame, decisions that have arrived become inputs, then each
/// fighter with no decision in flight sees the state and decides (both concurrently), then the frame
/// is simulated. A decision made on frame f arrives at f + 1 + floor(latency in frames): every input
/// takes at least one frame, as games read input once per frame. A fighter decides again
/// <see cref="GameOptions.DecisionIntervalFrames"/> after its previous decision, or when that decision
/// arrives if later, so a slow decider also decides less often, as a slow bot would.
/// </summary>
public static class MatchRunner
{
    /// <summary>Called with every decision: side, view, decision (dataset export, traces).</summary>
    public delegate void DecisionObserver(int side, FighterView view, AgentDecision decision);

    /// <summary>Plays one match: best of <see cref="GameOptions.BestOf"/> rounds.</summary>
    /// <param name="fighter0">Fighter on the left.</param>
    /// <param name="fighter1">Fighter on the right.</param>
    /// <param name="options">Rules.</param>
    /// <param name="seed">Match seed (all randomness of scripted fighters and latency models keys on it).</param>
    /// <param name="observer">Optional decision hook.</param>
    /// <param name="cancellationToken">Cancels the match.</param>
    public static async Task<MatchResult> PlayAsync(
        IFighter fighter0, IFighter fighter1, GameOptions options, ulong seed, DecisionObserver? observer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fighter0);
        ArgumentNullException.ThrowIfNull(fighter1);
        ArgumentNullException.ThrowIfNull(options);
        IFighter[] fighters = [fighter0, fighter1];
        var result = new MatchResult(fighter0.Name, fighter1.Name);
        var state = new GameState(options);
        int needed = options.BestOf / 2 + 1;
        var arrival = new long[2];
        var nextDecision = new long[2];
        var pending = new FighterAction?[2];
        var sequence = new long[2];
        var decisions = new ValueTask<AgentDecision>[2];
        var views = new FighterView?[2];
        while (true)
        {
            pending[0] = pending[1] = null;
            nextDecision[0] = nextDecision[1] = 0;
            int health0 = state[0].Health, health1 = state[1].Health;
            RoundEnd? end = null;
            for (long frame = 0; end is null; frame++)
            {
                for (int side = 0; side < 2; side++)
                {
                    if (pending[side] is { } action && arrival[side] <= frame)
                    {
                        state.Input(side, action);
                        pending[side] = null;
                    }
                }
                GameState? snapshot = null;
                for (int side = 0; side < 2; side++)
                {
                    views[side] = null;
                    if (pending[side] is null && frame >= nextDecision[side])
                    {
                        snapshot ??= state.Snapshot();
                        var view = new FighterView(snapshot, side, GamingTokenizer.Observe(snapshot, side));
                        views[side] = view;
                        decisions[side] = fighters[side].DecideAsync(view, new DecisionContext(side, sequence[side]++, seed), cancellationToken);
                    }
                }
                for (int side = 0; side < 2; side++)
                {
                    if (views[side] is { } view)
                    {
                        var decision = await decisions[side].ConfigureAwait(false);
                        Record(result.Stats[side], view, decision);
                        observer?.Invoke(side, view, decision);
                        pending[side] = (FighterAction)decision.Action;
                        arrival[side] = frame + 1 + (long)Math.Floor(options.LatencyToFrames(decision.LatencyUs) + 1e-6);
                        nextDecision[side] = Math.Max(frame + Interval(options, seed, side, sequence[side]), arrival[side]);
                    }
                }
                end = state.Step();
            }
            result.Stats[0].DamageDealt += health1 - state[1].Health;
            result.Stats[1].DamageDealt += health0 - state[0].Health;
            var round = end.Value;
            result.Rounds.Add(round);
            if (round.Winner >= 0)
            {
                result.RoundWins[round.Winner]++;
            }
            if (result.RoundWins[0] >= needed || result.RoundWins[1] >= needed || result.Rounds.Count >= options.BestOf)
            {
                break;
            }
            state.NextRound();
        }
        result.Winner = result.RoundWins[0] == result.RoundWins[1] ? -1 : result.RoundWins[0] > result.RoundWins[1] ? 0 : 1;
        return result;
    }

    private static int Interval(GameOptions options, ulong seed, int side, long sequence)
    {
        int jitter = options.DecisionIntervalJitterFrames;
        if (jitter == 0)
        {
            return options.DecisionIntervalFrames;
        }
        ulong draw = CounterRandom.Finalize(CounterRandom.Mix(seed, (ulong)side, (ulong)sequence, 0x6A74));
        return options.DecisionIntervalFrames - jitter + (int)(draw % (ulong)(2 * jitter + 1));
    }

    private static void Record(FighterStats stats, FighterView view, AgentDecision decision)
    {
        if ((uint)decision.Action >= ExpertPolicy.Actions)
        {
            throw new InvalidOperationException($"action {decision.Action} is not a fighter action");
        }
        stats.Decisions++;
        stats.LatenciesUs.Add(decision.LatencyUs);
        stats.Variants[decision.Variant] = stats.Variants.GetValueOrDefault(decision.Variant) + 1;
        if (decision.Action == (int)ExpertPolicy.Mode(view.State, view.Me))
        {
            stats.AgreedWithExpert++;
        }
    }
}
