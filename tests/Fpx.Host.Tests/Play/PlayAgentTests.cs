using Fpx.Client;
using Fpx.Host.Cli;
using Fpx.Policy.Choice;
using Decision = Fpx.Client.Decision;
using Fpx.Policy.Profiles;
using Fpx.Scenarios;
using Fpx.Scenarios.Gaming;
using Fpx.Scenarios.Trading;

namespace Fpx.Host.Tests.Play;

public class PlayAgentTests
{
    [Fact]
    public async Task The_adaptive_agent_picks_faster_variants_under_tighter_budgets()
    {
        using var engine = PlayEngine.Load(PlayFixtures.Model("trading-small"), TradingVocabulary.Instance, ["fp16", "fp8", "fp4"]);
        // An injected latency model: fp16 600 us, fp8 300, fp4 100 (no probe).
        var samples = new Dictionary<string, double[]> { ["fp16"] = [600], ["fp8"] = [300], ["fp4"] = [100] };
        var profile = new TaskProfile("trading", TradingVocabulary.Instance.ActionTokens,
            [new("fp16", new VariantProfile(1.0)), new("fp8", new VariantProfile(0.99)), new("fp4", new VariantProfile(0.95))],
            0.99, UtilitySpec.Hard, MissPolicy.Degrade);
        var agent = new EngineAdaptiveAgent(engine, profile, EngineAdaptiveAgent.Predictor(samples, TradingVocabulary.Instance.ObservationLength));
        int[] observation = TradingVocabulary.Instance.Encode(new int[TradingVocabulary.Instance.Fields.Count]);

        async Task<string> VariantFor(long budget) => (await agent.DecideAsync(observation, budget, default)).Variant;
        Assert.Equal("fp16", await VariantFor(5000));
        Assert.Equal("fp8", await VariantFor(400));
        Assert.Equal("fp4", await VariantFor(150));
        Assert.Equal("fp4", await VariantFor(50)); // nothing fits: degrade to the fastest
        Assert.Equal(1, agent.Reasons[DecisionReason.Degraded]);
        Assert.Equal([5000L, 400, 150, 50], agent.Budgets);
    }

    [Fact]
    public async Task A_static_engine_agent_decides_like_the_runtime_and_reports_its_variant()
    {
        using var engine = PlayEngine.Load(PlayFixtures.Model("gaming-small"), GamingVocabulary.Instance, ["fp16"]);
        var agent = new EngineVariantAgent(engine, "fp16", 600);
        int[] observation = GamingVocabulary.Instance.Encode(new int[GamingVocabulary.Instance.Fields.Count]);
        var first = await agent.DecideAsync(observation, 1000, default);
        var again = await agent.DecideAsync(observation, 1000, default); // from the memo
        Assert.Equal(first, again);
        Assert.Equal("fp16", first.Variant);
        Assert.Equal(600, first.LatencyUs);
        Assert.Equal(first.Action, engine.Decide(0, observation));
        Assert.InRange(engine.TimeOne(0, observation), 0, 1e7); // timed afresh, same model
    }

    [Fact]
    public async Task The_decider_adapter_maps_tokens_to_actions_and_errors_to_the_first_action()
    {
        var vocabulary = TradingVocabulary.Instance;
        var decider = new ScriptedDecider(new Decision { Action = vocabulary.ActionToken(TradingVocabulary.Sell), Variant = "fp8", HostMicroseconds = 321 });
        var agent = new DeciderAgent(decider, vocabulary, variant: "fp8");
        var decision = await agent.DecideAsync(new[] { 1, 2 }, 777, default);
        Assert.Equal(new AgentDecision(TradingVocabulary.Sell, 321, "fp8"), decision);
        Assert.Equal("trading", decider.Last.Task);
        Assert.Equal(777, decider.Last.BudgetMicroseconds);
        Assert.Equal("fp8", decider.Last.Variant);

        decider.Next = Decision.Error("deadline_unreachable", "too tight");
        var adaptive = new DeciderAgent(decider, vocabulary);
        Assert.Equal(new AgentDecision(TradingVocabulary.Hold, 0, "deadline_unreachable"), await adaptive.DecideAsync(new[] { 1, 2 }, 5, default));
        Assert.Null(decider.Last.Variant); // no variant sent: the host's policy chooses

        decider.Next = new Decision { Action = 5, Variant = "fp8" };
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await adaptive.DecideAsync(new[] { 1, 2 }, 5, default));
    }

    [Fact]
    public async Task Play_gaming_rows_are_head_to_head_then_round_robin_for_every_contestant()
    {
        var lineup = PlayLineup.Of(
            [
                new PlayContestant("fast", new FuncDecisionAgent(_ => (int)FighterAction.Jab, "fp4", 100)),
                new PlayContestant("slow", new FuncDecisionAgent(_ => (int)FighterAction.Block, "fp16", 900)),
            ],
            DecisionClock.Virtual());
        var progress = new PlayProgress(TextWriter.Null, "test");
        var result = await PlayGaming.RunAsync(lineup, new GameOptions { Seed = 3, RoundFrames = 600, BestOf = 1 }, 2, 1, null, progress, default);
        Assert.Equal(["fast", "slow"], result.HeadToHead.Select(r => r.Policy));
        Assert.All(result.HeadToHead, r => Assert.Equal("win_rate", r.Metric));
        Assert.All(result.HeadToHead, r => Assert.InRange(r.Outcome, r.CiLow, r.CiHigh));
        Assert.Equal(2, result.RoundRobin.Count);
        Assert.All(result.RoundRobin, r => Assert.Equal("bt_elo", r.Metric));
        Assert.Equal(4, result.HeadToHead[0].Bits);
        Assert.True(progress.Decisions > 0);
    }

    private sealed class ScriptedDecider(Decision next) : IDecider
    {
        public Decision Next { get; set; } = next;

        public DecideRequest Last { get; private set; }

        public ValueTask<Decision> DecideAsync(DecideRequest request, CancellationToken cancellationToken = default)
        {
            Last = request;
            return new(Next);
        }
    }
}
