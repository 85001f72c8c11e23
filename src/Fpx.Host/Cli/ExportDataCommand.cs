using System.CommandLine;
using Fpx.Scenarios.Gaming;
using Fpx.Scenarios.Trading;

namespace Fpx.Host.Cli;

/// <summary>
/// <c>fpx export-data trading|gaming</c>: the scenarios' behaviour-cloning datasets for
/// tools/train_decision_model.py (train.txt, heldout.txt, tokens.json, manifest.json; see
/// scenarios/README.md). Prints one summary line: <c>DATASET dataset: N train, M held-out examples -> DIR</c>.
/// </summary>
internal static class ExportDataCommand
{
    public static Command Create()
    {
        var command = new Command("export-data", "Export a scenario's behaviour-cloning dataset (what tools/train-models.sh trains the bundled models on).");
        command.Subcommands.Add(Trading());
        command.Subcommands.Add(Gaming());
        return command;
    }

    private static Option<string> Out() => new("--out") { Description = "Dataset directory (created or overwritten).", Required = true };

    private static Option<ulong> Seed() => new("--seed") { Description = "Seed of the exploration or the matches.", DefaultValueFactory = _ => 1UL };

    private static Command Trading()
    {
        var data = new Option<string[]>("--data") { Description = "Market data (HFTBench JSON), repeatable.", Required = true, AllowMultipleArgumentsPerToken = true };
        var heldout = new Option<string[]>("--heldout") { Description = "Files whose days go to the held-out split (else the last quarter of each day).", AllowMultipleArgumentsPerToken = true };
        var passes = new Option<int>("--passes") { Description = "Replays of each day with different exploration.", DefaultValueFactory = _ => 2 };
        var exploration = new Option<double>("--exploration") { Description = "Probability of executing a random action instead of the expert's.", DefaultValueFactory = _ => 0.2 };
        var speed = new Option<double>("--speed") { Description = "Replay speed, market seconds per wall second.", DefaultValueFactory = _ => 100 };
        var horizon = new Option<double>("--label-horizon") { Description = "Hindsight label horizon, market seconds.", DefaultValueFactory = _ => 10 };
        var threshold = new Option<double>("--label-threshold") { Description = "Ticks a move must exceed for the label to trade.", DefaultValueFactory = _ => 2 };
        var (output, seed) = (Out(), Seed());
        var command = new Command("trading", "Replay days with the hindsight expert acting (and exploring); label every decision point with its choice.")
        {
            data, heldout, output, passes, exploration, speed, horizon, threshold, seed,
        };
        command.SetAction((result, ct) => PlayCommand.GuardAsync(async () =>
        {
            var files = result.GetValue(data) ?? [];
            var heldoutFiles = result.GetValue(heldout) ?? [];
            var options = new TradingOptions
            {
                ReplaySpeed = Checked(result.GetValue(speed), "--speed"),
                Seed = result.GetValue(seed),
                LabelHorizonSeconds = Checked(result.GetValue(horizon), "--label-horizon"),
                LabelThresholdTicks = result.GetValue(threshold),
            };
            var exporter = Build(() => new TradingDatasetExporter { Passes = result.GetValue(passes), ExplorationRate = result.GetValue(exploration) });
            var days = new List<MarketDay>();
            var heldoutDays = new HashSet<MarketDay>();
            foreach (string file in files.Concat(heldoutFiles).Distinct(StringComparer.Ordinal))
            {
                var loaded = MarketDataLoader.Load(file);
                days.AddRange(loaded);
                if (heldoutFiles.Contains(file))
                {
                    heldoutDays.UnionWith(loaded);
                }
            }
            string directory = result.GetValue(output)!;
            var (train, held) = await exporter.ExportAsync(days, heldoutDays, directory, options, ct).ConfigureAwait(false);
            Console.WriteLine($"trading dataset: {train} train, {held} held-out examples -> {directory}");
            return CliExit.Ok;
        }));
        return command;
    }

    private static Command Gaming()
    {
        var matches = new Option<int>("--matches") { Description = "Training matches.", DefaultValueFactory = _ => 400 };
        var heldoutMatches = new Option<int>("--heldout-matches") { Description = "Held-out matches (other seeds).", DefaultValueFactory = _ => 80 };
        var keep = new Option<double>("--keep") { Description = "Probability of keeping each teacher decision.", DefaultValueFactory = _ => 0.5 };
        var framesPerMs = new Option<double>("--frames-per-ms") { Description = "Game frames per wall millisecond of latency.", DefaultValueFactory = _ => 4 };
        var (output, seed) = (Out(), Seed());
        var command = new Command("gaming", "Play the scripted expert against itself and varied opponents; keep the teachers' decisions.")
        {
            output, matches, heldoutMatches, keep, framesPerMs, seed,
        };
        command.SetAction((result, ct) => PlayCommand.GuardAsync(async () =>
        {
            var options = new GameOptions { FramesPerMillisecond = Checked(result.GetValue(framesPerMs), "--frames-per-ms"), Seed = result.GetValue(seed) };
            var exporter = Build(() => new GamingDatasetExporter
            {
                TrainMatches = result.GetValue(matches),
                HeldoutMatches = result.GetValue(heldoutMatches),
                KeepProbability = result.GetValue(keep),
            });
            string directory = result.GetValue(output)!;
            var (train, held) = await exporter.ExportAsync(directory, options, ct).ConfigureAwait(false);
            Console.WriteLine($"gaming dataset: {train} train, {held} held-out examples -> {directory}");
            return CliExit.Ok;
        }));
        return command;
    }

    /// <summary>The exporters validate their settings when set; an out-of-range value is a usage error.</summary>
    private static T Build<T>(Func<T> create)
    {
        try
        {
            return create();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new UsageException($"{e.ParamName}: out of range ({e.ActualValue})");
        }
    }

    private static double Checked(double value, string name) =>
        value > 0 && double.IsFinite(value) ? value : throw new UsageException($"{name} must be positive");
}
