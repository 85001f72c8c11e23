namespace Fpx.Scenarios.Trading;

/// <summary>
/// Exports (observation, hindsight label) examples for behaviour cloning. The hindsight expert acts
/// (with zero latency), but with probability <see cref="ExplorationRate"/> a random action is executed
/// instead of its label, so the data also cover positions the expert itself would rarely hold (a cloned
/// model drifts into them; DAgger's argument, Ross et al. 2011). Every visited point is labelled by the
/// expert. Each day is replayed <see cref="Passes"/> times with different exploration draws.
/// </summary>
public sealed class TradingDatasetExporter
{
    /// <summary>Probability of executing a random action instead of the label.</summary>
    public double ExplorationRate { get; init => field = value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(ExplorationRate)); } = 0.2;

    /// <summary>Replays per day.</summary>
    public int Passes { get; init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(Passes)); } = 2;

    /// <summary>With no held-out day, the last this fraction of each day's session is held out instead.</summary>
    public double HeldoutTailFraction { get; init => field = value is > 0 and < 1 ? value : throw new ArgumentOutOfRangeException(nameof(HeldoutTailFraction)); } = 0.25;

    /// <summary>Writes the dataset.</summary>
    /// <param name="days">Days to export.</param>
    /// <param name="heldout">Days for the held-out split (e.g. another instrument); empty for a time split of every day.</param>
    /// <param name="directory">Output directory (see <see cref="DatasetWriter"/>).</param>
    /// <param name="options">Replay rules and label horizon.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>Examples written to train and held-out.</returns>
    public async Task<(long Train, long Heldout)> ExportAsync(
        IReadOnlyList<MarketDay> days, IReadOnlyCollection<MarketDay> heldout, string directory, TradingOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(heldout);
        ArgumentNullException.ThrowIfNull(options);
        using var writer = new DatasetWriter(directory, TradingVocabulary.Instance);
        foreach (var day in days)
        {
            bool dayHeldout = heldout.Contains(day);
            double tailStart = heldout.Count > 0 ? double.PositiveInfinity : day.End - (day.End - day.Start) * HeldoutTailFraction;
            for (int pass = 0; pass < Passes; pass++)
            {
                var recorder = new Recorder(writer, ExplorationRate, pass, dayHeldout, tailStart);
                await TradingReplay.RunAsync(day, [recorder], options with { Seed = options.Seed + (ulong)pass }, cancellationToken).ConfigureAwait(false);
            }
        }
        writer.Complete(new Dictionary<string, object>
        {
            ["days"] = days.Select(d => d.Name).ToArray(),
            ["heldout_days"] = heldout.Select(d => d.Name).ToArray(),
            ["heldout_tail_fraction"] = heldout.Count > 0 ? 0 : HeldoutTailFraction,
            ["exploration_rate"] = ExplorationRate,
            ["passes"] = Passes,
            ["label_horizon_s"] = options.LabelHorizonSeconds,
            ["label_threshold_ticks"] = options.LabelThresholdTicks,
            ["decision_interval_s"] = options.DecisionIntervalSeconds,
            ["seed"] = options.Seed,
        });
        return (writer.TrainCount, writer.HeldoutCount);
    }

    private sealed class Recorder(DatasetWriter writer, double exploration, int pass, bool heldout, double tailStart) : ITrader
    {
        public string Name => $"hindsight-explore-{pass}";

        public ValueTask<AgentDecision> DecideAsync(TradingView view, DecisionContext context, CancellationToken cancellationToken)
        {
            writer.Add(view.Observation, view.HindsightAction, heldout || view.Time >= tailStart);
            ulong key = CounterRandom.Mix(context.Seed, (ulong)pass, (ulong)context.Sequence, 0x6578);
            int action = CounterRandom.Uniform(key) < exploration
                ? (int)(CounterRandom.Finalize(key ^ 0x5555) % 3)
                : view.HindsightAction;
            return new(new AgentDecision(action, 0, "hindsight"));
        }
    }
}
