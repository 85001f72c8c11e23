using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using Fpx.Host.Backend;
using Fpx.Host.Server;
using Fpx.Host.Tasks;

namespace Fpx.Host.Cli;

/// <summary>
/// <c>fpx serve</c>: the host. Prints <c>listening on ADDRESS:PORT</c> on stdout once it accepts
/// connections (scripts and tests read the port from it), logs to stderr, and stops gracefully on
/// SIGINT or SIGTERM.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var model = new Option<DirectoryInfo?>("--model") { Description = "Model directory (safetensors + config.json). Not needed with --fake." };
        var fake = new Option<bool>("--fake") { Description = "Serve the deterministic fake backend (a tiny hashed model) instead of a model." };
        var fakeScale = new Option<double>("--fake-scale") { Description = "Multiplier of the fake variants' compute times (fp16 400 us, fp8 200, fpx-g0.30 150, fp4 100, plus per token); 0 for near-zero compute.", DefaultValueFactory = _ => 1.0 };
        var fakeMode = new Option<string>("--fake-mode") { Description = "How the fake spends compute time: spin (precise, burns the core) or sleep.", DefaultValueFactory = _ => "spin" };
        fakeMode.AcceptOnlyFromAmong("spin", "sleep");
        var bind = new Option<string>("--bind") { Description = "Address to listen on; anything but loopback needs a secret.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "TCP port (0 picks a free one).", DefaultValueFactory = _ => 7878 };
        var profiles = new Option<DirectoryInfo?>("--profiles") { Description = "Directory where task profiles (profile.put) are stored as TASK.json." };
        var tasks = new Option<FileInfo?>("--tasks") { Description = "Tasks file {\"tasks\": [{\"name\", \"actions\", \"on_miss\"}]}; default MODEL/tasks.json, or built-in demo tasks with --fake." };
        var secretFile = new Option<FileInfo?>("--secret-file") { Description = "File holding the shared secret clients must send with auth (else env FPX_SECRET)." };
        var verbose = new Option<bool>("--verbose") { Description = "Log connection events too." };
        var idleSpin = new Option<int>("--idle-spin-us") { Description = "How long the idle compute thread polls for work before blocking (0..10000 us).", DefaultValueFactory = _ => 50 };
        idleSpin.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 0 or > 10_000) r.AddError("--idle-spin-us must be 0..10000"); });
        var command = new Command("serve", "Run the decision host (MessagePack-RPC over TCP, docs/protocol.md).")
        {
            model, fake, fakeScale, fakeMode, bind, port, profiles, tasks, secretFile, verbose, idleSpin,
        };
        command.SetAction((result, ct) => RunAsync(new Settings(
            result.GetValue(model), result.GetValue(fake), result.GetValue(fakeScale), result.GetValue(fakeMode)!,
            result.GetValue(bind)!, result.GetValue(port), result.GetValue(profiles), result.GetValue(tasks),
            result.GetValue(secretFile), result.GetValue(verbose), result.GetValue(idleSpin))));
        return command;
    }

    private sealed record Settings(
        DirectoryInfo? Model, bool Fake, double FakeScale, string FakeMode, string Bind, int Port,
        DirectoryInfo? Profiles, FileInfo? Tasks, FileInfo? SecretFile, bool Verbose, int IdleSpinUs);

    private static async Task<int> RunAsync(Settings s)
    {
        var log = new TextHostLog(Console.Error, s.Verbose ? HostLogLevel.Debug : HostLogLevel.Info);
        FpxServer server;
        IDecisionBackend backend;
        try
        {
            if (!s.Fake)
            {
                // The transformer runtime adapter is written when src/Fpx.Engine's runtime is merged.
                Console.Error.WriteLine("fpx serve: the model runtime is not wired in yet; use --fake.");
                return 2;
            }

            if (!IPAddress.TryParse(s.Bind, out IPAddress? address))
            {
                Console.Error.WriteLine($"fpx serve: --bind '{s.Bind}' is not an IP address.");
                return 2;
            }

            TaskCatalog catalog = s.Tasks is not null ? TaskCatalog.Load(s.Tasks.FullName)
                : s.Model is not null && File.Exists(Path.Combine(s.Model.FullName, "tasks.json")) ? TaskCatalog.Load(Path.Combine(s.Model.FullName, "tasks.json"))
                : TaskCatalog.Demo;
            backend = new FakeBackend(new FakeBackendOptions
            {
                Variants = FakeVariant.DefaultLadder(s.FakeScale),
                Mode = s.FakeMode == "sleep" ? FakeComputeMode.Sleep : FakeComputeMode.Spin,
            });
            var options = new ServerOptions
            {
                Bind = address,
                Port = s.Port,
                Secret = ReadSecret(s.SecretFile),
                Scheduler = new Scheduling.SchedulerOptions { IdleSpin = TimeSpan.FromMicroseconds(s.IdleSpinUs) },
            };
            server = new FpxServer(options, backend, catalog, new ProfileStore(s.Profiles?.FullName, catalog), log: log);
            await server.StartAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or IOException or System.Net.Sockets.SocketException)
        {
            Console.Error.WriteLine($"fpx serve: {e.Message}");
            return 2;
        }

        Console.Out.WriteLine($"listening on {server.LocalEndPoint}");
        Console.Out.Flush();
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true; // we exit ourselves, after draining
            stop.TrySetResult();
        }

        using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        await stop.Task.ConfigureAwait(false);
        await server.DisposeAsync().ConfigureAwait(false);
        backend.Dispose();
        Console.Out.WriteLine($"stopped after {server.Counters.Responses} responses");
        return 0;
    }

    /// <summary>The secret from --secret-file (trailing newline dropped) or FPX_SECRET; null when neither is given. Never logged.</summary>
    private static byte[]? ReadSecret(FileInfo? file)
    {
        string? text = file is not null ? File.ReadAllText(file.FullName).TrimEnd('\r', '\n') : Environment.GetEnvironmentVariable("FPX_SECRET");
        return string.IsNullOrEmpty(text) ? null : Encoding.UTF8.GetBytes(text);
    }
}
