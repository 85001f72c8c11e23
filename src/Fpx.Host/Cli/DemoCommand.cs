using System.CommandLine;
using System.Diagnostics;
using Fpx.Host.Backend;

namespace Fpx.Host.Cli;

/// <summary>
/// <c>fpx demo</c>, the README's main command: for each scenario, starts a host on loopback with the
/// bundled model, plays a short evaluation against it over TCP (wall clock: every variant forced by
/// name, and the host's own policy as the adaptive contestant), stops the host, and prints both
/// tables. A progress line goes to stderr; stdout is the report.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var data = new Option<string[]>("--data") { Description = "Market data for the trading part (default: the trading model's held-out day from $FPX_MARKET_DATA or ../shared/data/market; skipped when none is found).", AllowMultipleArgumentsPerToken = true };
        var seed = new Option<ulong>("--seed") { Description = "Seed of both evaluations.", DefaultValueFactory = _ => 1UL };
        var output = new Option<string?>("--out") { Description = "Also write trading.json, trading.svg, gaming.json and gaming.svg here." };
        var command = new Command("demo", "Start a host on loopback with the bundled models and play short trading and gaming evaluations against it over TCP.") { data, seed, output };
        command.SetAction((result, ct) => PlayCommand.GuardAsync(async () =>
        {
            var settings = new DemoSettings(result.GetValue(data) ?? [], result.GetValue(seed), result.GetValue(output));
            await RunAsync(settings, Console.Out, Console.Error, backend: null, ct).ConfigureAwait(false);
            return CliExit.Ok;
        }));
        return command;
    }

    /// <summary>What the demo plays.</summary>
    /// <param name="Data">Market data files; empty for the default.</param>
    /// <param name="Seed">Seed of both evaluations.</param>
    /// <param name="Output">Directory for JSON and plots, or null.</param>
    /// <param name="TradingModel">Trading model directory; null for models/trading-small.</param>
    /// <param name="GamingModel">Gaming model directory; null for models/gaming-small.</param>
    /// <param name="GamingMatches">Matches of each contestant against the expert.</param>
    /// <param name="RoundRobinMatches">Matches per round-robin pair.</param>
    internal sealed record DemoSettings(IReadOnlyList<string> Data, ulong Seed, string? Output,
        string? TradingModel = null, string? GamingModel = null, int GamingMatches = 4, int RoundRobinMatches = 1);

    /// <summary>
    /// Runs both parts and prints the report to <paramref name="output"/> (progress to
    /// <paramref name="error"/>); returns the wall time in seconds. <paramref name="backend"/> makes a
    /// host's backend from a model directory (null: the runtime, as fpx serve --model).
    /// </summary>
    internal static async Task<double> RunAsync(DemoSettings s, TextWriter output, TextWriter error, Func<string, (IDecisionBackend, string)>? backend, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        string tradingModel = s.TradingModel ?? PlayPaths.BundledModel("trading-small");
        string gamingModel = s.GamingModel ?? PlayPaths.BundledModel("gaming-small");
        IReadOnlyList<string>? data = s.Data;
        if (data.Count == 0)
        {
            try
            {
                data = PlayPaths.DefaultMarketData(tradingModel);
            }
            catch (UsageException e)
            {
                output.WriteLine($"# trading skipped: {e.Message}");
                data = null;
            }
        }
        if (data is not null)
        {
            var settings = new PlaySettings { Quick = true, Shortlist = true, Seed = s.Seed, Data = data, Json = OutPath(s, "trading.json"), Plot = OutPath(s, "trading.svg") };
            await PartAsync("trading", tradingModel, settings, PlayRunner.TradingAsync, output, error, backend, clock, cancellationToken).ConfigureAwait(false);
        }
        var gaming = new PlaySettings
        {
            Quick = true, Shortlist = true, Seed = s.Seed, Matches = s.GamingMatches, RoundRobinMatches = s.RoundRobinMatches,
            Json = OutPath(s, "gaming.json"), Plot = OutPath(s, "gaming.svg"),
        };
        await PartAsync("gaming", gamingModel, gaming, PlayRunner.GamingAsync, output, error, backend, clock, cancellationToken).ConfigureAwait(false);
        output.WriteLine($"# demo wall time {clock.Elapsed.TotalSeconds:F1} s");
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task PartAsync(string name, string model, PlaySettings settings, Func<PlaySettings, TextWriter, CancellationToken, Task<PlayReport>> play,
        TextWriter output, TextWriter error, Func<string, (IDecisionBackend, string)>? backend, Stopwatch clock, CancellationToken cancellationToken)
    {
        error.WriteLine($"fpx demo: starting a {name} host for {model} on loopback ({clock.Elapsed.TotalSeconds:F1} s)");
        await using var host = await DemoHost.StartAsync(model, backend, cancellationToken).ConfigureAwait(false);
        var report = await play(settings with { Host = host.Address }, error, cancellationToken).ConfigureAwait(false);
        output.WriteLine($"# {name} host: {model} at {host.Address}, {host.BackendName}");
        output.Write(report.Text);
        output.WriteLine($"# {name}: {report.Decisions} decisions over TCP in {report.Seconds:F1} s");
        output.WriteLine();
        output.Flush();
        error.WriteLine($"fpx demo: {name} done, stopping its host ({clock.Elapsed.TotalSeconds:F1} s)");
    }

    private static string? OutPath(DemoSettings s, string file) => s.Output is null ? null : Path.Combine(s.Output, file);
}
