using System.CommandLine;
using System.Diagnostics;
using Fpx.Engine.Kernels;
using Fpx.Engine.Quant;
using Fpx.Engine.Runtime;
using Fpx.Engine.Threading;
using Fpx.Host.Bench;

namespace Fpx.Host.Cli;

internal static partial class BenchCommand
{
    private static Option<int> Positive(string name, string description, int? defaultValue = null)
    {
        var option = new Option<int>(name) { Description = description, Required = defaultValue is null };
        if (defaultValue is { } d)
        {
            option.DefaultValueFactory = _ => d;
        }
        option.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError($"{name} must be positive"); });
        return option;
    }

    /// <summary>
    /// <c>fpx bench decode</c>: a random Llama-shaped model built in memory, timed per decode step
    /// (or per decision with --decision). Prints one line (a contract):
    /// <c>variant=V params=P weight_bytes=W step_us=S GBps=G prefill_tok_per_s=T</c>, plus
    /// <c>decision_us=D</c> with --decision; GBps is linear-layer weight bytes streamed per step over the step time.
    /// </summary>
    private static Command Decode()
    {
        var hidden = Positive("--hidden", "Hidden size.");
        var layers = Positive("--layers", "Decoder layers.");
        var intermediate = Positive("--intermediate", "MLP intermediate size.");
        var heads = Positive("--heads", "Query heads.");
        var kvHeads = Positive("--kv-heads", "Key/value heads (divides --heads).");
        var vocabulary = Positive("--vocab", "Vocabulary size.");
        var context = Positive("--context", "Tokens prefilled before the timed decode steps.", 32);
        var steps = Positive("--steps", "Decode steps before the cache is refilled (bounds the context growth).", 64);
        var threads = ThreadsOption();
        var variant = new Option<string>("--variant") { Description = "fp16, fp8, fp4, fpx-gG or f32.", Required = true };
        var fp4 = new Option<string>("--fp4") { Description = "4-bit format: mxfp4 or nvfp4.", DefaultValueFactory = _ => "mxfp4" };
        fp4.AcceptOnlyFromAmong("mxfp4", "nvfp4");
        var head = new Option<string>("--head") { Description = "Head format: f32 or f16.", DefaultValueFactory = _ => "f32" };
        head.AcceptOnlyFromAmong("f32", "f16");
        var decision = new Option<bool>("--decision") { Description = "Time whole decisions: prefill of 32 tokens plus one step and the allowed tokens' head rows." };
        var seconds = new Option<double>("--seconds") { Description = "Timing budget.", DefaultValueFactory = _ => 2.0 };
        var seed = new Option<int>("--seed") { Description = "Weight seed.", DefaultValueFactory = _ => 1 };
        var command = new Command("decode", "Time decode steps of a random in-memory model; prints `variant=.. params=.. weight_bytes=.. step_us=.. GBps=.. prefill_tok_per_s=..`.")
        {
            hidden, layers, intermediate, heads, kvHeads, vocabulary, variant, threads, context, steps, decision, fp4, head, seconds, seed,
        };
        command.SetAction(result => CliExit.Guard(() =>
        {
            string name = ModelOptions.CheckVariant(result.GetValue(variant)!);
            int h = result.GetValue(hidden), nh = result.GetValue(heads), nkv = result.GetValue(kvHeads);
            if (h % nh != 0 || nh % nkv != 0 || (h / nh) % 2 != 0)
            {
                throw new UsageException("--hidden must be a multiple of --heads with an even head size, and --heads a multiple of --kv-heads");
            }
            bool decide = result.GetValue(decision);
            int ctx = decide ? DecodeBenchmark.DecisionPrompt : result.GetValue(context);
            int maxSteps = decide ? 1 : result.GetValue(steps);
            var config = DecodeBenchmark.Config(h, result.GetValue(layers), result.GetValue(intermediate), nh, nkv, result.GetValue(vocabulary), ctx + maxSteps + 1);
            int n = result.GetValue(threads);
            using var pool = n > 1 ? new ComputePool(n) : null;
            WeightFormatInfo.TryParse(result.GetValue(fp4)!, out var fp4Format);
            WeightFormatInfo.TryParse(result.GetValue(head)!, out var headFormat);
            var build = Stopwatch.StartNew();
            using var model = TransformerModel.CreateRandom(config,
                new ModelLoadOptions { Variants = [name], Fp4Format = fp4Format, HeadFormat = headFormat, Pool = pool }, result.GetValue(seed));
            double buildSeconds = build.Elapsed.TotalSeconds;
            var v = model.GetVariant(name);
            var budget = TimeSpan.FromSeconds(result.GetValue(seconds));
            var r = decide ? DecodeBenchmark.RunDecision(model, v, budget) : DecodeBenchmark.RunDecode(model, v, ctx, maxSteps, budget);
            double gbps = v.WeightBytes / (r.StepMicroseconds * 1e-6) / 1e9;
            string line = $"variant={v.Name} params={config.Parameters} weight_bytes={v.WeightBytes} step_us={CliText.Fixed(r.StepMicroseconds, 1)} " +
                $"GBps={CliText.Fixed(gbps, 2)} prefill_tok_per_s={CliText.Fixed(r.PrefillTokensPerSecond, 1)}";
            Console.WriteLine(decide ? line + $" decision_us={CliText.Fixed(r.DecisionMicroseconds, 1)}" : line);
            Console.Error.WriteLine($"# kernels={KernelSelection.Default} threads={n} context={ctx} samples={r.Samples} build_s={CliText.Fixed(buildSeconds, 2)} " +
                $"head={WeightFormatInfo.Of(headFormat).Name} head_us={(double.IsNaN(r.HeadMicroseconds) ? "-" : CliText.Fixed(r.HeadMicroseconds, 1))} resident_bytes={model.ResidentBytes}");
            return CliExit.Ok;
        }));
        return command;
    }
}
