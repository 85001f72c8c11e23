using System.CommandLine;
using Fpx.Engine.Formats;
using Fpx.Engine.Quant;
using Fpx.Host.Bench;

namespace Fpx.Host.Cli;

/// <summary><c>fpx formats</c>: look at the number formats.</summary>
internal static class FormatsCommand
{
    private static readonly string[] ElementFormats = ["e4m3", "e5m2", "e2m1", "ue8m0", "ue4m3"];

    public static Command Create()
    {
        var command = new Command("formats", "Inspect the element and weight formats.");
        command.Subcommands.Add(Table());
        command.Subcommands.Add(Error());
        return command;
    }

    private static Command Table()
    {
        var format = new Option<string>("--format") { Description = "Element format: " + string.Join(", ", ElementFormats), Required = true };
        format.AcceptOnlyFromAmong(ElementFormats);
        var command = new Command("table", "Print every code of an element format and its value, one per line: `0x7e 448`.") { format };
        command.SetAction(result =>
        {
            string name = result.GetValue(format)!;
            var output = Console.Out;
            if (name == "ue8m0")
            {
                for (int code = 0; code < 256; code++)
                {
                    output.WriteLine($"0x{code:x2} {CliText.Number(E8M0.Decode((byte)code))}");
                }
                return 0;
            }
            var element = name switch
            {
                "e4m3" => MiniFloatFormats.E4M3,
                "e5m2" => MiniFloatFormats.E5M2,
                "e2m1" => MiniFloatFormats.E2M1,
                _ => MiniFloatFormats.UE4M3,
            };
            for (uint code = 0; code < element.CodeCount; code++)
            {
                output.WriteLine($"0x{code:x2} {CliText.Number(MiniFloat.Decode(element, code))}");
            }
            return 0;
        });
        return command;
    }

    private static Command Error()
    {
        var rows = new Option<int>("--rows") { Description = "Rows of the sample matrix.", DefaultValueFactory = _ => 256 };
        var cols = new Option<int>("--cols") { Description = "Columns of the sample matrix.", DefaultValueFactory = _ => 4096 };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 1 };
        var command = new Command("error", "Relative RMS quantization error of each weight format on Gaussian and Student-t (3 dof) weights, OCP rule vs searched scales, as a Markdown table.")
        {
            rows, cols, seed,
        };
        command.SetAction(result =>
        {
            int r = result.GetValue(rows), c = result.GetValue(cols), s = result.GetValue(seed);
            var gaussian = QuantizationError.Gaussian(r * c, s);
            var studentT = QuantizationError.StudentT(r * c, s + 1, 3);
            Console.WriteLine($"Relative RMS error, {r}x{c} weights (seed {s}); `fpx formats error --rows {r} --cols {c} --seed {s}`");
            Console.WriteLine();
            Console.WriteLine("| format | bits/weight | Gaussian, rule | Gaussian, search | Student-t(3), rule | Student-t(3), search |");
            Console.WriteLine("|---|---|---|---|---|---|");
            foreach (var info in WeightFormatInfo.All)
            {
                if (info.Format == WeightFormat.F32)
                {
                    continue;
                }
                double gRule = QuantizationError.RelativeRms(gaussian, r, c, info.Format, ScaleRule.Ocp);
                double gSearch = QuantizationError.RelativeRms(gaussian, r, c, info.Format, ScaleRule.Search);
                double tRule = QuantizationError.RelativeRms(studentT, r, c, info.Format, ScaleRule.Ocp);
                double tSearch = QuantizationError.RelativeRms(studentT, r, c, info.Format, ScaleRule.Search);
                Console.WriteLine($"| {info.Name} | {info.BitsPerWeight} | {gRule:E3} | {gSearch:E3} | {tRule:E3} | {tSearch:E3} |");
            }
            return 0;
        });
        return command;
    }
}
