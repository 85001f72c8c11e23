using System.CommandLine;
using Fpx.Client;
using Fpx.Load;

namespace Fpx.Host.Cli;

// fpx bench ping: closed-loop round trips on one connection, the figure compared with
// `redis-benchmark -t ping -c 1 -P 1` (bench/host-figures.sh runs both).
internal static partial class BenchCommand
{
    private static Command Ping()
    {
        var host = HostPort.Option();
        var count = new Option<int>("--count") { Description = "Round trips to time (after 10% more as warm-up).", DefaultValueFactory = _ => 100_000 };
        count.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 100_000_000) r.AddError("--count must be 1..100000000"); });
        var inline = new Option<bool>("--inline-continuations") { Description = "Run the client's continuations on its receive loop (saves a thread hop)." };
        var command = new Command("ping", "Time ping round trips on one connection, one at a time; prints `p50_us=.. p99_us=..`.") { host, count, inline };
        command.SetAction(async (result, ct) =>
        {
            FpxClient client;
            try
            {
                client = await FpxClient.ConnectAsync(HostPort.ClientOptions(result.GetValue(host)!, result.GetValue(inline)), ct);
            }
            catch (FpxConnectionException e)
            {
                Console.Error.WriteLine($"fpx bench ping: {e.Message}");
                return 2;
            }

            await using (client)
            {
                int n = result.GetValue(count);
                for (int i = 0; i < Math.Max(1000, n / 10); i++)
                {
                    await client.PingAsync(ct);
                }

                var histogram = new LatencyHistogram();
                TimeProvider time = TimeProvider.System;
                for (int i = 0; i < n; i++)
                {
                    long start = time.GetTimestamp();
                    await client.PingAsync(ct);
                    histogram.Record(time.GetElapsedTime(start).TotalMicroseconds);
                }

                Console.Out.WriteLine($"p50_us={CliText.Fixed(histogram.Percentile(0.5), 1)} p99_us={CliText.Fixed(histogram.Percentile(0.99), 1)}");
                Console.Error.WriteLine($"# count={n} mean_us={CliText.Fixed(histogram.Mean, 1)} p999_us={CliText.Fixed(histogram.Percentile(0.999), 1)} max_us={CliText.Fixed(histogram.Max, 1)}");
            }

            return 0;
        });
        return command;
    }
}
