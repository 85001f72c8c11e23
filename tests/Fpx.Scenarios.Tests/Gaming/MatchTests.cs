using Fpx.Scenarios.Gaming;

namespace Fpx.Scenarios.Tests.Gaming;

public class MatchTests
{
    private static readonly GameOptions Options = new() { Seed = 11 };

    [Fact]
    public async Task ALateReactingExpertLosesToAnOnTimeOne()
    {
        // The property that makes latency matter: same policy, 5 frames (1.25 ms at 4 frames/ms) later.
        var (row, matches) = await GamingStudy.HeadToHeadAsync(new ScriptedFighter("on-time", 0), new ScriptedFighter("late", 5), 30, Options);
        Assert.True(row.Outcome >= 0.9, $"on-time won {row.Outcome:P0}");
        Assert.True(row.CiLow > 0.5, $"95% CI low {row.CiLow}");
        Assert.Equal(30, matches.Count);
        Assert.Equal("win_rate", row.Metric);
    }

    [Fact]
    public async Task EqualFightersAreEvenAndMatchesAreDeterministicForASeed()
    {
        var a = new ScriptedFighter("a", 1);
        var b = new ScriptedFighter("b", 1);
        var (row, _) = await GamingStudy.HeadToHeadAsync(a, b, 40, Options);
        Assert.InRange(row.Outcome, 0.25, 0.75);
        var first = await MatchRunner.PlayAsync(a, b, Options, seed: 99);
        var again = await MatchRunner.PlayAsync(a, b, Options, seed: 99);
        Assert.Equal(first.Rounds, again.Rounds);
        Assert.Equal(first.Stats[0].Decisions, again.Stats[0].Decisions);
        var other = await MatchRunner.PlayAsync(a, b, Options, seed: 100);
        Assert.NotEqual(first.Rounds.Select(r => r.Frames), other.Rounds.Select(r => r.Frames));
    }

    [Fact]
    public async Task LatencyBecomesFramesAndSlowDecidersDecideLessOften()
    {
        // 1250 us at 4 frames/ms = 5 frames: a decision on frame f lands on f + 6, the next decision is then.
        var blocker = new FuncDecisionAgent(_ => (int)FighterAction.Block, "fp16");
        var slow = new ModelFighter("slow", blocker, DecisionClock.Virtual(LatencyModel.Fixed(1250)));
        var frames = new List<int>();
        await MatchRunner.PlayAsync(slow, new ScriptedFighter("expert"), Options with { RoundFrames = 120, BestOf = 1 }, seed: 3,
            (side, view, _) => { if (side == 0) { frames.Add(view.State.Frame); } });
        Assert.Equal(Enumerable.Range(0, frames.Count).Select(i => 6 * i), frames);
        // Fast: the decision interval (4 +- 1 frames) paces it instead.
        var fast = new ModelFighter("fast", blocker, DecisionClock.Virtual(LatencyModel.Fixed(100)));
        frames.Clear();
        await MatchRunner.PlayAsync(fast, new ScriptedFighter("expert"), Options with { RoundFrames = 120, BestOf = 1 }, seed: 3,
            (side, view, _) => { if (side == 0) { frames.Add(view.State.Frame); } });
        Assert.All(frames.Zip(frames.Skip(1), (x, y) => y - x), gap => Assert.InRange(gap, 3, 5));
    }

    [Fact]
    public async Task RoundRobinRanksByStrength()
    {
        IFighter[] entrants = [new RandomFighter("random"), new ScriptedFighter("expert+4", 4), new ScriptedFighter("expert+0", 0)];
        var report = await GamingStudy.RoundRobinAsync(entrants, 12, Options, bootstrap: 50);
        Assert.Equal(["expert+0", "expert+4", "random"], report.Rows.Select(r => r.Policy));
        Assert.All(report.Rows, r => Assert.InRange(r.Outcome, r.CiLow - 1e-9, r.CiHigh + 1e-9));
        Assert.Equal(3 * 12, report.Matches.Count);
        Assert.Equal(1.0, report.Strengths.Aggregate(1.0, (x, y) => x * y), 6);
    }

    [Fact]
    public void ObservationsAreMirrorSymmetric()
    {
        var options = new GameOptions();
        var state = new GameState(options);
        state[0].X = 2.0;
        state[1].X = 3.3;
        state[0].Health = 40;
        state[0].Status = FighterStatus.Attack;
        state[0].Move = MoveData.Heavy;
        state[0].Elapsed = 5;
        var mirror = new GameState(options);
        mirror[0].X = options.StageWidth - 3.3;
        mirror[1].X = options.StageWidth - 2.0;
        mirror[1].Health = 40;
        mirror[1].Status = FighterStatus.Attack;
        mirror[1].Move = MoveData.Heavy;
        mirror[1].Elapsed = 5;
        Assert.Equal(GamingTokenizer.Observe(state, 0), GamingTokenizer.Observe(mirror, 1));
        Assert.Equal(GamingTokenizer.Observe(state, 1), GamingTokenizer.Observe(mirror, 0));
        var vocabulary = GamingVocabulary.Instance;
        string described = vocabulary.Describe(GamingTokenizer.Observe(state, 1));
        Assert.Contains("opp_state:heavy_startup", described);
        Assert.Contains("opp_frames:7..11", described); // 12 - 5 = 7 startup frames left; an edge belongs to the upper bucket
        Assert.Contains("distance:1.2..1.45", described);
        Assert.Contains("opp_health:4", described);
    }

    [Fact]
    public async Task ExportWritesTeacherDecisionsOnly()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"fpx-gaming-ds-{Guid.NewGuid():N}");
        try
        {
            var exporter = new GamingDatasetExporter { TrainMatches = 3, HeldoutMatches = 1, KeepProbability = 0.2 };
            var (train, heldout) = await exporter.ExportAsync(dir, new GameOptions { RoundFrames = 300 });
            Assert.True(train > 100 && heldout > 10, $"{train} / {heldout}");
            var vocabulary = GamingVocabulary.Instance;
            foreach (string line in File.ReadLines(Path.Combine(dir, "heldout.txt")))
            {
                var ids = line.Split(' ').Select(int.Parse).ToArray();
                vocabulary.Decode(ids[..^1]);
                Assert.InRange(vocabulary.ActionIndexOf(ids[^1]), 0, 6);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
