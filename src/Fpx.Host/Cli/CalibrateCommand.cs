using System.CommandLine;
using Fpx.Engine.Calibration;
using Fpx.Engine.Runtime;

namespace Fpx.Host.Cli;

/// <summary>
/// <c>fpx calibrate</c>: measures each linear layer's FP4 sensitivity (the FPX paper's Algorithm 1,
/// and optionally the end-to-end measure) and writes the ladder beside the model
/// (docs/ladder.md). Prints the ladder and, with both measures, how their rankings compare.
/// </summary>
internal static class CalibrateCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var data = new Option<string?>("--data")
        {
            Description = "Calibration tokens: a text file, one sequence per line, token ids separated by commas or spaces, '#' comments (docs/ladder.md). Default: 4 random sequences of 32 tokens, seed 1.",
        };
        var measure = new Option<string>("--measure") { Description = "Sensitivities to measure: layer, end-to-end or both.", DefaultValueFactory = _ => "both" };
        measure.AcceptOnlyFromAmong("layer", "end-to-end", "both");
        var orderBy = new Option<string>("--order-by") { Description = "Measure that orders the ladder: layer (the paper's) or end-to-end.", DefaultValueFactory = _ => "layer" };
        orderBy.AcceptOnlyFromAmong("layer", "end-to-end");
        var output = new Option<string?>("--out") { Description = "Where to write the ladder (default: fpx-ladder.<fp4>.json in the model directory)." };
        var command = new Command("calibrate", "Measure per-layer FP4 sensitivity and write the FPX ladder.") { data, measure, orderBy, output };
        model.AddTo(command);
        command.SetAction(result => CliExit.Guard(() =>
        {
            var measures = result.GetValue(measure) switch
            {
                "layer" => CalibrationMeasures.LayerOutput,
                "end-to-end" => CalibrationMeasures.EndToEnd,
                _ => CalibrationMeasures.Both,
            };
            var order = result.GetValue(orderBy) == "layer" ? SensitivityMeasure.LayerOutput : SensitivityMeasure.EndToEnd;
            if (!measures.HasFlag(order == SensitivityMeasure.LayerOutput ? CalibrationMeasures.LayerOutput : CalibrationMeasures.EndToEnd))
            {
                throw new UsageException($"--order-by {result.GetValue(orderBy)} needs that measure (--measure {result.GetValue(orderBy)} or both)");
            }
            string directory = result.GetValue(model.Model)!;
            using var pool = model.CreatePool(result);
            using var m = TransformerModel.Load(directory, model.LoadOptions(result, ["fp16", "fp4"], pool, useLadderFile: false));
            var tokens = result.GetValue(data) is { } file ? CalibrationData.ReadFile(file, m.Config) : CalibrationData.Default(m.Config);
            var progress = new Progress<string>(line => Console.Error.WriteLine("# " + line));
            var ladder = FpxCalibrator.Calibrate(m, tokens, measures, order, progress);
            string path = result.GetValue(output) ?? LadderFile.PathFor(directory, m.Fp4Format);
            LadderFile.Write(ladder, path);
            Print(ladder, path);
            return CliExit.Ok;
        }));
        return command;
    }

    private static void Print(Ladder ladder, string path)
    {
        Console.WriteLine($"ladder={path} ordered_by={LadderFile.MeasureName(ladder.OrderedBy)} calibration=\"{ladder.Calibration.Source}\" tokens={ladder.Calibration.Tokens}");
        for (int rank = 0; rank < ladder.Order.Count; rank++)
        {
            var e = ladder.Layers[ladder.Order[rank].Index];
            Console.WriteLine($"rank={rank + 1} layer={e.Layer.Name} relative_error={Measure(e.RelativeError)} end_to_end_kl={Measure(e.EndToEndKl)}");
        }
        if (ladder.Comparison is { } c)
        {
            Console.WriteLine($"rankings spearman={CliText.Fixed(c.Spearman, 4)} kendall_tau_b={CliText.Fixed(c.KendallTau, 4)} layers_moved={c.Moves.Count}/{ladder.Order.Count}");
            foreach (var move in c.Moves.Take(10))
            {
                Console.WriteLine($"moved layer={move.Layer.Name} rank_layer_output={move.LayerOutputRank} rank_end_to_end={move.EndToEndRank}");
            }
            foreach (var mix in c.Mixes)
            {
                Console.WriteLine($"mix variant={VariantNames.Mix(mix.Gamma)} fp4_layers={mix.Fp4Layers} same_under_both={mix.Shared}");
            }
        }
    }

    private static string Measure(double value) => double.IsFinite(value) ? value.ToString("E4", System.Globalization.CultureInfo.InvariantCulture) : "-";
}
