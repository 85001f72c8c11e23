namespace Fpx.Scenarios.Gaming;

/// <summary>
/// Exports (observation, expert action) examples for behaviour cloning. The scripted expert plays
/// against itself and against varied opponents (other reaction delays, a sloppy expert, a random
/// fighter), so the data cover states a cloned model will meet when it is slower, faster or worse than
/// the expert. Only decisions of fighters named as teachers are recorded (never the random or sloppy
/// ones), each kept with probability <see cref="KeepProbability"/> to thin out consecutive near-duplicate states.
/// </summary>
public sealed class GamingDatasetExporter
{
    /// <summary>Matches whose decisions go to train.txt.</summary>
    public int TrainMatches { get; init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(TrainMatches)); } = 400;

    /// <summary>Matches (other seeds) whose decisions go to heldout.txt.</summary>
    public int HeldoutMatches { get; init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(HeldoutMatches)); } = 80;

    /// <summary>Probability of keeping a teacher decision.</summary>
    public double KeepProbability { get; init => field = value is > 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(KeepProbability)); } = 0.5;

    /// <summary>
    /// The pairings, cycled through match by match: (teacher, opponent, opponent is a teacher too).
    /// Teachers react in 0-3 frames; opponents range from a 0-frame expert to an 8-frame one, a sloppy
    /// expert (30% random actions) and a random fighter.
    /// </summary>
    public static IReadOnlyList<(IFighter Teacher, IFighter Opponent, bool OpponentTeaches)> Pairings { get; } =
    [
        (new ScriptedFighter("expert+0", 0), new ScriptedFighter("expert+0b", 0), true),
        (new ScriptedFighter("expert+1", 1), new ScriptedFighter("expert+3", 3), true),
        (new ScriptedFighter("expert+2", 2), new ScriptedFighter("expert+6", 6), false),
        (new ScriptedFighter("expert+0", 0), new ScriptedFighter("sloppy", 2, mistakeRate: 0.3), false),
        (new ScriptedFighter("expert+1", 1), new RandomFighter("random", 2), false),
        (new ScriptedFighter("expert+3", 3), new ScriptedFighter("expert+8", 8), false),
    ];

    /// <summary>Writes the dataset to <paramref name="directory"/> (see <see cref="DatasetWriter"/>).</summary>
    public async Task<(long Train, long Heldout)> ExportAsync(string directory, GameOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var writer = new DatasetWriter(directory, GamingVocabulary.Instance);
        for (int m = 0; m < TrainMatches + HeldoutMatches; m++)
        {
            bool heldout = m >= TrainMatches;
            var (teacher, opponent, opponentTeaches) = Pairings[m % Pairings.Count];
            // Alternate sides so both corners are covered.
            bool teacherLeft = m / Pairings.Count % 2 == 0;
            var (left, right) = teacherLeft ? (teacher, opponent) : (opponent, teacher);
            int teacherSide = teacherLeft ? 0 : 1;
            ulong seed = CounterRandom.Mix(options.Seed, heldout ? 0xBEEFUL : 0xFEEDUL, (ulong)m, 0);
            await MatchRunner.PlayAsync(left, right, options, seed, (side, view, decision) =>
            {
                if (side != teacherSide && !opponentTeaches)
                {
                    return;
                }
                ulong key = CounterRandom.Mix(seed, (ulong)side, (ulong)view.State.Round, (ulong)view.State.Frame);
                if (CounterRandom.Uniform(key) < KeepProbability)
                {
                    writer.Add(view.Observation, decision.Action, heldout);
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        writer.Complete(new Dictionary<string, object>
        {
            ["train_matches"] = TrainMatches,
            ["heldout_matches"] = HeldoutMatches,
            ["keep_probability"] = KeepProbability,
            ["pairings"] = Pairings.Select(p => $"{p.Teacher.Name} vs {p.Opponent.Name}{(p.OpponentTeaches ? " (both teach)" : "")}").ToArray(),
            ["frames_per_ms"] = options.FramesPerMillisecond,
            ["decision_interval_frames"] = options.DecisionIntervalFrames,
            ["seed"] = options.Seed,
        });
        return (writer.TrainCount, writer.HeldoutCount);
    }
}
