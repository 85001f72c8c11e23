using System.CommandLine;
using Fpx.Client;
using Fpx.Load;

namespace Fpx.Host.Cli;

/// <summary>
/// <c>fpx load</c>: one <c>decide</c> scenario against a running host, open model (<c>--rate</c>,
/// latency from each request's due time) or closed (<c>--copies</c>), with SLA thresholds and
/// reports (load/README.md). Prints the text report on stdout and the threshold verdicts after it;
/// a progress line on stderr when it is a terminal. Exit codes: 0 every threshold holds, 1 one is
/// violated (each is printed), 2 the command line is wrong (a threshold that does not parse),
/// 3 the host cannot be reached.
/// </summary>
internal static class LoadCommand
{
    /// <summary>Exit code when the host cannot be reached (so scripts tell it from a violated threshold).</summary>
    public const int Unreachable = 3;

    public static Command Create()
    {
        var host = HostPort.Option();
        var task = new Option<string>("--task") { Description = "Task name (also the scenario's name in reports and thresholds).", Required = true };
        var rate = new Option<double>("--rate") { Description = "Arrivals per second (open model: sent when due, answered or not).", DefaultValueFactory = _ => 1000 };
        rate.Validators.Add(r => { if (r.GetValueOrDefault<double>() is <= 0 or > 1_000_000) r.AddError("--rate must be in (0, 1000000]"); });
        var duration = DurationOption("--duration", "How long to send: 10s, 500ms, 2m.", "10s");
        var budget = new Option<long>("--budget-us") { Description = "Budget of each request in microseconds.", DefaultValueFactory = _ => 10_000 };
        budget.Validators.Add(r => { if (r.GetValueOrDefault<long>() is < 1 or > 60_000_000) r.AddError("--budget-us must be in [1, 60000000]"); });
        var tokens = new Option<int>("--tokens") { Description = "Input tokens per request.", DefaultValueFactory = _ => 16 };
        var variant = new Option<string?>("--variant") { Description = "Force this variant (the decide request's `variant` field) instead of the host's choice." };
        var copies = new Option<int>("--copies") { Description = "Closed model instead of --rate: this many concurrent copies, each sending when its last answer came (shows coordinated omission).", DefaultValueFactory = _ => 0 };
        copies.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 0 or > 10_000) r.AddError("--copies must be in [0, 10000]"); });
        var connections = new Option<int>("--connections") { Description = "Connections (requests round-robin over them), 1..64.", DefaultValueFactory = _ => 1 };
        var pacing = new Option<string>("--pacing") { Description = "precise (yield until due) or coarse (1 ms bursts).", DefaultValueFactory = _ => "precise" };
        pacing.AcceptOnlyFromAmong("precise", "coarse");
        var maxOutstanding = new Option<int>("--max-outstanding") { Description = "Most unanswered requests; arrivals beyond count as not_sent.", DefaultValueFactory = _ => 10_000 };
        maxOutstanding.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 10_000_000) r.AddError("--max-outstanding must be in [1, 10000000]"); });
        var drain = DurationOption("--drain-timeout", "How long to wait for answers after the last send; the rest count as no_response.", "5s");
        var threshold = new Option<string[]>("--threshold") { Description = "SLA threshold, repeatable: p99<5ms, p999<20ms, max<1s, fail<0.1%, deadline_miss<0.1%, rps>900 (also p50 p75 p90 p95 mean). Exit 1 when one is violated.", Arity = ArgumentArity.ZeroOrMore, DefaultValueFactory = _ => [] };
        threshold.Validators.Add(r =>
        {
            foreach (string t in r.GetValueOrDefault<string[]>() ?? [])
            {
                if (!Threshold.TryParse(t, out _, out string? error))
                {
                    r.AddError(error!);
                }
            }
        });
        var json = new Option<FileInfo?>("--json") { Description = "Write the summary as JSON to this file (keys in load/README.md)." };
        var reportMd = new Option<FileInfo?>("--report-md") { Description = "Write the Markdown report to this file." };
        var reportHtml = new Option<FileInfo?>("--report-html") { Description = "Write the HTML report (inline SVG latency-over-time chart) to this file." };
        var warmUp = new Option<int>("--warmup") { Description = "Requests sent one at a time before the run and not counted (JIT, connection).", DefaultValueFactory = _ => 50 };
        warmUp.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 0 or > 100_000) r.AddError("--warmup must be in [0, 100000]"); });
        var noProgress = new Option<bool>("--no-progress") { Description = "No progress line on stderr (it is shown only on a terminal anyway)." };
        var command = new Command("load", "Load a running host with decide requests and check SLA thresholds. Open model by default: requests are sent on a fixed schedule and latency is measured from each one's due time, so stalls show in the percentiles. Exit 0 when every --threshold holds, 1 when one is violated, 2 for a bad command line, 3 when the host cannot be reached.")
        {
            host, task, rate, duration, budget, tokens, variant, copies, connections, pacing, maxOutstanding, drain, threshold, json, reportMd, reportHtml, warmUp, noProgress,
        };
        command.SetAction(async (result, ct) =>
        {
            HostPort.TryParseDuration(result.GetValue(duration)!, out TimeSpan length);
            HostPort.TryParseDuration(result.GetValue(drain)!, out TimeSpan drainTimeout);
            Threshold[] thresholds = [.. result.GetValue(threshold)!.Select(Threshold.Parse)];
            string taskName = result.GetValue(task)!;
            if (thresholds.FirstOrDefault(t => t.Scenario is not null && t.Scenario != taskName) is { } stray)
            {
                return CliExit.Error(CliExit.Usage, $"threshold '{stray.Text}' names scenario '{stray.Scenario}'; this run's only scenario is '{taskName}'.");
            }

            var clients = new List<FpxClient>();
            try
            {
                for (int i = 0, n = Math.Clamp(result.GetValue(connections), 1, 64); i < n; i++)
                {
                    // Inline continuations: the runner's completion callback only records figures.
                    clients.Add(await FpxClient.ConnectAsync(HostPort.ClientOptions(result.GetValue(host)!, inlineContinuations: true), ct));
                }

                Scenario scenario = BuildScenario(taskName, new RoundRobin([.. clients]), result.GetValue(budget), result.GetValue(tokens), result.GetValue(variant), result.GetValue(copies), result.GetValue(rate), length)
                    .WithMaxOutstanding(result.GetValue(maxOutstanding))
                    .WithWarmUp(result.GetValue(warmUp));
                ConsoleProgress? progress = !result.GetValue(noProgress) && !Console.IsErrorRedirected ? new ConsoleProgress(Console.Error) : null;
                var runner = new LoadRunner(new LoadRunOptions
                {
                    DrainTimeout = drainTimeout,
                    Pacing = result.GetValue(pacing) == "coarse" ? Pacing.Coarse : Pacing.Precise,
                    Progress = progress is null ? null : progress.Show,
                });
                LoadReport report = await runner.RunAsync([scenario], ct);
                progress?.Clear();
                IReadOnlyList<ThresholdResult> verdicts = Threshold.EvaluateAll(thresholds, report);
                Console.Out.Write(TextReport.Write(report, verdicts));
                await WriteAsync(result.GetValue(json), JsonReport.Write(report, verdicts), ct);
                await WriteAsync(result.GetValue(reportMd), MarkdownReport.Write(report, verdicts), ct);
                await WriteAsync(result.GetValue(reportHtml), HtmlReport.Write(report, verdicts), ct);
                if (verdicts.Any(v => !v.Passed))
                {
                    Console.Error.WriteLine($"fpx load: {verdicts.Count(v => !v.Passed)} threshold(s) violated: {string.Join("; ", verdicts.Where(v => !v.Passed))}");
                    return CliExit.Failure;
                }

                return CliExit.Ok;
            }
            catch (FpxConnectionException e)
            {
                Console.Error.WriteLine($"fpx load: {e.Message}");
                return Unreachable;
            }
            finally
            {
                foreach (FpxClient c in clients)
                {
                    await c.DisposeAsync();
                }
            }
        });
        return command;
    }

    private static Option<string> DurationOption(string name, string description, string fallback)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => fallback };
        option.Validators.Add(r => { if (!HostPort.TryParseDuration(r.GetValueOrDefault<string>() ?? "", out TimeSpan d) || d > TimeSpan.FromHours(24)) r.AddError($"{name} must look like 10s, 500ms or 2m (at most 24 h)"); });
        return option;
    }

    private static Scenario BuildScenario(string task, IDecider decider, long budgetUs, int tokens, string? variant, int copies, double rate, TimeSpan length)
    {
        int[] input = [.. Enumerable.Range(1, Math.Max(1, tokens))];
        var request = new DecideRequest { Task = task, Tokens = input, BudgetMicroseconds = budgetUs, Variant = variant };
        return Scenario.Create(task, DecideStep.Create(decider, _ => request))
            .WithLoad(copies > 0 ? LoadSimulation.KeepConstant(copies, length) : LoadSimulation.Inject(rate, TimeSpan.FromSeconds(1), length));
    }

    private static async Task WriteAsync(FileInfo? file, string text, CancellationToken ct)
    {
        if (file is not null)
        {
            await File.WriteAllTextAsync(file.FullName, text, ct);
        }
    }

    private sealed class RoundRobin(FpxClient[] clients) : IDecider
    {
        private long _next;

        public ValueTask<Decision> DecideAsync(DecideRequest request, CancellationToken cancellationToken = default) =>
            clients[(int)((ulong)Interlocked.Increment(ref _next) % (ulong)clients.Length)].DecideAsync(request, cancellationToken);
    }
}
