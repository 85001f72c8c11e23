using System.CommandLine;
using Fpx.Client;
using Fpx.Load;

namespace Fpx.Host.Cli;

/// <summary>
/// <c>fpx load</c>: the minimal open-loop driver (issue 7 builds scenarios, thresholds and reports
/// on Fpx.Load). Prints one line per histogram (<c>latency p50_us=.. p99_us=.. p999_us=.. max_us=..</c>)
/// and the counts by outcome; <c>--json FILE</c> writes the same as JSON.
/// </summary>
internal static class LoadCommand
{
    public static Command Create()
    {
        var host = HostPort.Option();
        var task = new Option<string>("--task") { Description = "Task name.", Required = true };
        var rate = new Option<double>("--rate") { Description = "Requests per second (open loop).", DefaultValueFactory = _ => 1000 };
        var duration = new Option<string>("--duration") { Description = "How long to send: 10s, 500ms, 2m.", DefaultValueFactory = _ => "10s" };
        duration.Validators.Add(r => { if (!HostPort.TryParseDuration(r.GetValueOrDefault<string>() ?? "", out _)) r.AddError("--duration must look like 10s, 500ms or 2m"); });
        var budget = new Option<long>("--budget-us") { Description = "Budget of each request in microseconds.", DefaultValueFactory = _ => 10_000 };
        var tokens = new Option<int>("--tokens") { Description = "Input tokens per request.", DefaultValueFactory = _ => 16 };
        var connections = new Option<int>("--connections") { Description = "Connections (requests round-robin over them).", DefaultValueFactory = _ => 1 };
        var pacing = new Option<string>("--pacing") { Description = "precise (yield until due) or coarse (1 ms bursts).", DefaultValueFactory = _ => "precise" };
        pacing.AcceptOnlyFromAmong("precise", "coarse");
        var json = new Option<FileInfo?>("--json") { Description = "Also write the result as JSON to this file." };
        var command = new Command("load", "Open-loop decide load against a running host; latency is measured from each request's due time.")
        {
            host, task, rate, duration, budget, tokens, connections, pacing, json,
        };
        command.SetAction(async (result, ct) =>
        {
            HostPort.TryParseDuration(result.GetValue(duration)!, out TimeSpan length);
            var options = new OpenLoopOptions
            {
                RequestsPerSecond = result.GetValue(rate),
                Duration = length,
                Pacing = result.GetValue(pacing) == "coarse" ? Pacing.Coarse : Pacing.Precise,
            };
            int n = Math.Clamp(result.GetValue(connections), 1, 64);
            var clients = new List<FpxClient>();
            try
            {
                for (int i = 0; i < n; i++)
                {
                    // Inline continuations: the driver's completion callback only records figures.
                    clients.Add(await FpxClient.ConnectAsync(HostPort.ClientOptions(result.GetValue(host)!, inlineContinuations: true), ct));
                }
            }
            catch (FpxConnectionException e)
            {
                Console.Error.WriteLine($"fpx load: {e.Message}");
                return 2;
            }

            string taskName = result.GetValue(task)!;
            long budgetUs = result.GetValue(budget);
            int[] input = [.. Enumerable.Range(1, Math.Max(1, result.GetValue(tokens)))];
            var decider = new RoundRobin([.. clients]);
            var driver = new OpenLoopDriver(decider, i => new DecideRequest { Task = taskName, Tokens = input, BudgetMicroseconds = budgetUs }, options);
            LoadResult outcome = await driver.RunAsync(ct);
            Console.Out.Write(outcome.ToText());
            if (result.GetValue(json) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, outcome.ToJson(), ct);
            }

            foreach (FpxClient c in clients)
            {
                await c.DisposeAsync();
            }

            return 0;
        });
        return command;
    }

    private sealed class RoundRobin(FpxClient[] clients) : IDecider
    {
        private long _next;

        public ValueTask<Decision> DecideAsync(DecideRequest request, CancellationToken cancellationToken = default) =>
            clients[(int)((ulong)Interlocked.Increment(ref _next) % (ulong)clients.Length)].DecideAsync(request, cancellationToken);
    }
}
