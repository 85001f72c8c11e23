using System.CommandLine;
using Fpx.Engine.Diagnostics;
using Fpx.Engine.Kernels;
using Fpx.Engine.Quant;
using Fpx.Host.Bench;

namespace Fpx.Host.Cli;

/// <summary><c>fpx bench</c>: machine and kernel measurements. The output lines are a contract scripts parse.</summary>
internal static partial class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Measure memory bandwidth and kernel speed.");
        command.Subcommands.Add(Bandwidth());
        command.Subcommands.Add(MatVec());
        command.Subcommands.Add(Decode());
        command.Subcommands.Add(Ping());
        return command;
    }

    private static Option<int> ThreadsOption() => new("--threads")
    {
        Description = "Threads to use (the caller plus workers).",
        DefaultValueFactory = _ => 1,
        Validators = { r => { if (r.GetValueOrDefault<int>() is < 1 or > 256) r.AddError("--threads must be 1..256"); } },
    };

    private static Option<double> GibOption(double defaultGib) => new("--gib")
    {
        Description = $"Size of the bandwidth probe buffer in GiB (default {defaultGib}); keep it far above the last-level cache.",
        DefaultValueFactory = _ => defaultGib,
        Validators = { r => { if (r.GetValueOrDefault<double>() is < 0.0625 or > 64) r.AddError("--gib must be 0.0625..64"); } },
    };

    private static Command Bandwidth()
    {
        var threads = ThreadsOption();
        var gib = GibOption(4);
        var command = new Command("bandwidth", "Measure memory read bandwidth; prints `threads=N GBps=X`.") { threads, gib };
        command.SetAction(result =>
        {
            int n = result.GetValue(threads);
            double gbps = MemoryBandwidth.Measure(n, (long)(result.GetValue(gib) * (1L << 30)));
            Console.WriteLine($"threads={n} GBps={CliText.Fixed(gbps, 2)}");
            return 0;
        });
        return command;
    }

    private static Command MatVec()
    {
        var format = new Option<string>("--format") { Description = "Weight format: f32, f16, bf16, fp8, fp8-e5m2, mxfp8, mxfp4, nvfp4.", Required = true };
        format.AcceptOnlyFromAmong(WeightFormatInfo.All.Select(i => i.Name).ToArray());
        var rows = new Option<int>("--rows") { Description = "Output features.", Required = true };
        var cols = new Option<int>("--cols") { Description = "Input features.", Required = true };
        var threads = ThreadsOption();
        var batch = new Option<int>("--batch") { Description = "Activation vectors per call (1..16).", DefaultValueFactory = _ => 1 };
        var seconds = new Option<double>("--seconds") { Description = "Timing budget.", DefaultValueFactory = _ => 2.0 };
        var gib = GibOption(2);
        var command = new Command("matvec",
            "Time Y = W X; prints `format=F rows=R cols=C threads=N batch=B us=X GBps=Y bw_fraction=Z` (GBps: weight bytes per second; bw_fraction: over the read bandwidth measured in the same run with the same threads).")
        {
            format, rows, cols, threads, batch, seconds, gib,
        };
        rows.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--rows must be positive"); });
        cols.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--cols must be positive"); });
        batch.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 16) r.AddError("--batch must be 1..16"); });
        command.SetAction(result =>
        {
            WeightFormatInfo.TryParse(result.GetValue(format)!, out var f);
            int r = result.GetValue(rows), c = result.GetValue(cols), n = result.GetValue(threads), b = result.GetValue(batch);
            using var w = MatVecBenchmark.CreateMatrix(f, r, c);
            var timing = MatVecBenchmark.Run(w, n, b, TimeSpan.FromSeconds(result.GetValue(seconds)));
            double bandwidth = MemoryBandwidth.Measure(n, (long)(result.GetValue(gib) * (1L << 30)), passes: 3);
            Console.WriteLine($"format={WeightFormatInfo.Of(f).Name} rows={r} cols={c} threads={n} batch={b} " +
                $"us={CliText.Fixed(timing.MedianMicroseconds, 1)} GBps={CliText.Fixed(timing.GigabytesPerSecond, 2)} " +
                $"bw_fraction={CliText.Fixed(timing.GigabytesPerSecond / bandwidth, 3)}");
            Console.Error.WriteLine($"# kernels={KernelSelection.Default} weight_bytes={w.PayloadBytes} min_us={CliText.Fixed(timing.MinMicroseconds, 1)} samples={timing.Samples} read_bandwidth_GBps={CliText.Fixed(bandwidth, 2)}");
            return 0;
        });
        return command;
    }
}
