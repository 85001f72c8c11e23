using System.CommandLine;
using Fpx.Engine.Runtime;

namespace Fpx.Host.Cli;

/// <summary>
/// <c>fpx variants</c>: loads a model with every variant and lists them, one line each (a
/// contract): <c>variant=V bits_per_weight=B fp4_layers=K/N weight_bytes=W resident_bytes=R</c>,
/// where weight_bytes is what a forward pass streams through the linear layers and resident_bytes
/// the linear-layer memory the variant points at (shared with the others). Then the pool per
/// encoding and the shared high-precision parts.
/// </summary>
internal static class VariantsCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var variants = new Option<string?>("--variants") { Description = "Comma-separated variants to load (default: all: f32, fp16, fp8, fp4, fpx-g0.10..0.90)." };
        var command = new Command("variants", "List a model's variants with bits per weight and resident bytes.") { variants };
        model.AddTo(command);
        command.SetAction(result => CliExit.Guard(() =>
        {
            var names = result.GetValue(variants) is { } list
                ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ModelOptions.CheckVariant).ToArray()
                : VariantNames.All;
            if (names.Count == 0)
            {
                throw new UsageException("--variants lists no variant");
            }
            using var pool = model.CreatePool(result);
            using var m = TransformerModel.Load(result.GetValue(model.Model)!, model.LoadOptions(result, names, pool));
            int layers = m.Config.Layers * Fpx.Engine.Model.LinearLayer.PerLayer;
            foreach (var v in m.Variants)
            {
                Console.WriteLine($"variant={v.Name} bits_per_weight={CliText.Fixed(v.BitsPerWeight, 3)} fp4_layers={v.Fp4Layers}/{layers} " +
                    $"weight_bytes={v.WeightBytes} resident_bytes={v.ResidentBytes}");
            }
            foreach (var f in m.Footprints)
            {
                Console.WriteLine($"pool encoding={f.Encoding.Name()} format={Fpx.Engine.Quant.WeightFormatInfo.Of(f.Format).Name} " +
                    $"bits_per_weight={CliText.Fixed(f.BitsPerWeight, 3)} parameters={f.Parameters} resident_bytes={f.ResidentBytes}");
            }
            Console.WriteLine($"shared embedding=f32 head={Fpx.Engine.Quant.WeightFormatInfo.Of(m.HeadFormat).Name} norms_biases=f32 resident_bytes={m.SharedResidentBytes}");
            Console.WriteLine($"total resident_bytes={m.ResidentBytes}");
            if (m.LadderSource is { } source)
            {
                Console.Error.WriteLine($"# mixes follow the ladder from {source}");
            }
            return CliExit.Ok;
        }));
        return command;
    }
}
