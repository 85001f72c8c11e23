using System.CommandLine;
using Fpx.Client;
using Fpx.Engine.Model;
using Fpx.Engine.Runtime;
using Fpx.Policy;
using Fpx.Scenarios.Trading;

namespace Fpx.Host.Cli;

/// <summary>
/// <c>fpx play trading|gaming</c>: every static variant (fp16, fp8, each FPX mix, fp4) and the
/// adaptive policy in one scenario; prints a table (stdout), writes <c>--json</c> rows and a
/// <c>--plot</c> of outcome against latency. In process on the virtual clock by default (latency
/// drawn from each variant's measured compute time; deterministic for a seed given the
/// measurements), or against a live host with <c>--host</c> (wall clock: measured round trips).
/// </summary>
internal static class PlayCommand
{
    public static Command Create()
    {
        var command = new Command("play", "Play a scenario with every variant and the adaptive policy; print the table, write JSON and a plot.");
        command.Subcommands.Add(Trading());
        command.Subcommands.Add(Gaming());
        return command;
    }

    private sealed class Common
    {
        public Option<bool> Quick { get; } = new("--quick") { Description = "A short run (trading: 30 min of each day, from an hour after its first bar; gaming: 6 matches per contestant, 2 per round-robin pair)." };
        public Option<string?> Json { get; } = new("--json") { Description = "Write the rows here as a JSON list (policy, bits, latency_mean_us, latency_p99_us, quality, outcome, ci_low, ci_high, ...)." };
        public Option<string?> Plot { get; } = new("--plot") { Description = "Write outcome against mean latency here as SVG." };
        public Option<string?> Model { get; } = new("--model") { Description = "Model directory (default: the bundled models/<scenario>-small). Virtual clock only." };
        public Option<string?> Host { get; } = new("--host") { Description = "HOST:PORT of a running `fpx serve`: play over TCP on the wall clock (the host's policy is the adaptive one)." };
        public Option<ulong> Seed { get; } = new("--seed") { Description = "Seed of everything random (latency draws, matches, bootstrap).", DefaultValueFactory = _ => 1UL };
        public Option<string?> Variants { get; } = new("--variants") { Description = "Comma-separated variants to play (default: all: fp16, fp8, fpx-g0.10..0.90, fp4; over TCP, all the host serves)." };
        public Option<int> WarmupMs { get; } = new("--warmup-ms") { Description = "Warm-up before timing the variants (tiered JIT needs about 2 s).", DefaultValueFactory = _ => 2000 };
        public Option<int?> ProbeSamples { get; } = new("--probe-samples") { Description = "Timed decisions per variant, the distribution the virtual clock draws from (default 200; 100 with --quick)." };
        public Option<string?> LatencyUs { get; } = new("--latency-us") { Description = "Charge fixed latencies instead of measuring, e.g. fp16=400,fp8=200,*=100 (tests, what-if runs)." };
        public Option<string> Utility { get; } = new("--utility") { Description = "Utility of the default profile (no profiles/TASK.json): hard (worth its quality within the budget) or linear (falling to 0 at the budget, so speed within the budget counts).", DefaultValueFactory = _ => "hard" };
        public Option<long?> FixedBudgetUs { get; } = new("--fixed-budget-us") { Description = "Give every decision this budget instead of the scenario's rule (what-if runs)." };

        public void AddTo(Command command)
        {
            foreach (Option option in new Option[] { Quick, Json, Plot, Model, Host, Seed, Variants, WarmupMs, ProbeSamples, LatencyUs, Utility, FixedBudgetUs })
            {
                command.Options.Add(option);
            }
            WarmupMs.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 0 or > 60_000) r.AddError("--warmup-ms must be 0..60000"); });
            ProbeSamples.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1 or > 100_000) r.AddError("--probe-samples must be 1..100000"); });
            Utility.AcceptOnlyFromAmong("hard", "linear");
            FixedBudgetUs.Validators.Add(r => { if (r.GetValueOrDefault<long?>() is < 1) r.AddError("--fixed-budget-us must be positive"); });
            Host.Validators.Add(r => { if (r.GetValueOrDefault<string?>() is { } h && !HostPort.TryParse(h, out _, out _)) r.AddError("--host must be HOST:PORT"); });
        }

        public PlaySettings Settings(ParseResult result)
        {
            string? variants = result.GetValue(Variants);
            string? latency = result.GetValue(LatencyUs);
            if (result.GetValue(Host) is not null && result.GetValue(Model) is not null)
            {
                throw new UsageException("--model and --host exclude each other: over TCP the host's model plays");
            }
            return new PlaySettings
            {
                Quick = result.GetValue(Quick),
                Json = result.GetValue(Json),
                Plot = result.GetValue(Plot),
                Model = result.GetValue(Model),
                Host = result.GetValue(Host),
                Seed = result.GetValue(Seed),
                Variants = variants is null ? null : [.. variants.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ModelOptions.CheckVariant)],
                Warmup = TimeSpan.FromMilliseconds(result.GetValue(WarmupMs)),
                ProbeSamples = result.GetValue(ProbeSamples),
                FixedLatencyUs = latency is null ? null : PlayLineup.ParseFixedLatency(latency),
                FixedBudgetUs = result.GetValue(FixedBudgetUs),
                Utility = result.GetValue(Utility) == "linear" ? Fpx.Policy.Profiles.UtilitySpec.Linear() : Fpx.Policy.Profiles.UtilitySpec.Hard,
            };
        }
    }

    private static Command Trading()
    {
        var common = new Common();
        var data = new Option<string[]>("--data") { Description = "Market data (HFTBench JSON), repeatable; default: the model's held-out day from $FPX_MARKET_DATA or ../shared/data/market.", AllowMultipleArgumentsPerToken = true };
        var command = new Command("trading", "Replay market days: each variant and the adaptive policy alone (solo) and all together (arena); daily yield with a 95% CI.") { data };
        common.AddTo(command);
        command.SetAction((result, ct) => GuardAsync(async () =>
        {
            var settings = common.Settings(result) with { Data = result.GetValue(data) ?? [] };
            var report = await PlayRunner.TradingAsync(settings, Console.Error, ct).ConfigureAwait(false);
            Console.Out.Write(report.Text);
            return CliExit.Ok;
        }));
        return command;
    }

    private static Command Gaming()
    {
        var common = new Common();
        var matches = new Option<int?>("--matches") { Description = "Matches of each contestant against the scripted expert (default 40; 6 with --quick)." };
        var roundRobin = new Option<int?>("--round-robin-matches") { Description = "Matches per pair in the round robin (default 6; 2 with --quick)." };
        matches.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1) r.AddError("--matches must be positive"); });
        roundRobin.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1) r.AddError("--round-robin-matches must be positive"); });
        var command = new Command("gaming", "Fight: each variant and the adaptive policy against the scripted expert (win rate, 95% CI), then a round robin ranked by Bradley-Terry.") { matches, roundRobin };
        common.AddTo(command);
        command.SetAction((result, ct) => GuardAsync(async () =>
        {
            var settings = common.Settings(result) with { Matches = result.GetValue(matches), RoundRobinMatches = result.GetValue(roundRobin) };
            var report = await PlayRunner.GamingAsync(settings, Console.Error, ct).ConfigureAwait(false);
            Console.Out.Write(report.Text);
            return CliExit.Ok;
        }));
        return command;
    }

    /// <summary>
    /// <see cref="CliExit.Guard"/> for async verbs, plus the errors of this one's inputs: bad market
    /// data or a bad profile is a data error (1), an unreachable host a failure (1).
    /// </summary>
    internal static async Task<int> GuardAsync(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            return CliExit.Error(CliExit.Usage, e.Message);
        }
        catch (ModelFormatException e) when (e.Code == ModelErrorCode.DirectoryNotFound)
        {
            return CliExit.Error(CliExit.Usage, e.Message);
        }
        catch (Exception e) when (e is ModelFormatException or MarketDataException or PolicyException or FpxConnectionException or IOException or UnauthorizedAccessException)
        {
            return CliExit.Error(CliExit.Failure, e.Message);
        }
    }
}
