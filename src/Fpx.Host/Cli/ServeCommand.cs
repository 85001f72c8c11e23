using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using Fpx.Engine.Model;
using Fpx.Engine.Runtime;
using Fpx.Engine.Threading;
using Fpx.Host.Backend;
using Fpx.Host.Scheduling;
using Fpx.Host.Server;
using Fpx.Host.Tasks;
using Fpx.Policy.Profiles;

namespace Fpx.Host.Cli;

/// <summary>
/// <c>fpx serve</c>: the host. Prints <c>listening on ADDRESS:PORT</c> on stdout once it accepts
/// connections (scripts and tests read the port from it), logs to stderr, and stops gracefully on
/// SIGINT or SIGTERM. With <c>--model DIR</c> it serves the transformer runtime and the tasks of
/// the profiles in <c>--profiles</c> (default DIR/profiles); with <c>--fake</c> the deterministic
/// fake backend and the demo tasks (plus any profiles in <c>--profiles</c>).
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var model = new ModelOptions(required: false);
        var fake = new Option<bool>("--fake") { Description = "Serve the deterministic fake backend (a tiny hashed model) and the demo tasks instead of a model." };
        var fakeScale = new Option<double>("--fake-scale") { Description = "Multiplier of the fake variants' compute times (fp16 400 us, fp8 200, fpx-g0.30 150, fp4 100, plus per token); 0 for near-zero compute.", DefaultValueFactory = _ => 1.0 };
        var fakeMode = new Option<string>("--fake-mode") { Description = "How the fake spends compute time: spin (precise, burns the core) or sleep.", DefaultValueFactory = _ => "spin" };
        fakeMode.AcceptOnlyFromAmong("spin", "sleep");
        var bind = new Option<string>("--bind") { Description = "Address to listen on; anything but loopback needs a secret.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "TCP port (0 picks a free one).", DefaultValueFactory = _ => 7878 };
        var profiles = new Option<DirectoryInfo?>("--profiles") { Description = "Directory of task profiles, TASK.json each (docs/profiles.md): the tasks served, and where profile.put saves. Default: MODEL/profiles; none with --fake (demo tasks in memory)." };
        var secretFile = new Option<FileInfo?>("--secret-file") { Description = "File holding the shared secret clients must send with auth (else env FPX_SECRET)." };
        var verbose = new Option<bool>("--verbose") { Description = "Log connection events too." };
        var idleSpin = new Option<int>("--idle-spin-us") { Description = "How long the idle compute thread polls for work before blocking (0..10000 us).", DefaultValueFactory = _ => 50 };
        idleSpin.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 0 or > 10_000) r.AddError("--idle-spin-us must be 0..10000"); });
        var shadow = new Option<double>("--shadow-fraction") { Description = "Share of stateless requests served by a non-fp16 variant that are re-run on fp16 when the host is idle, to measure live agreement (stats).", DefaultValueFactory = _ => 0.02 };
        shadow.Validators.Add(r => { if (r.GetValueOrDefault<double>() is < 0 or > 1 or double.NaN) r.AddError("--shadow-fraction must be 0..1"); });
        var warmup = new Option<int>("--warmup-ms") { Description = "Unmeasured warm-up before serving, so the runtime's code reaches tier-1 JIT (0..60000 ms; measured rounds follow).", DefaultValueFactory = _ => 1500 };
        warmup.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 0 or > 60_000) r.AddError("--warmup-ms must be 0..60000"); });
        var context = new Option<int>("--max-context") { Description = "Most tokens per session or stateless request (capped by the model's max_position_embeddings).", DefaultValueFactory = _ => 1024 };
        context.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 1 << 20) r.AddError("--max-context must be 1..1048576"); });
        var command = new Command("serve", "Run the decision host (MessagePack-RPC over TCP, docs/protocol.md).")
        {
            fake, fakeScale, fakeMode, bind, port, profiles, secretFile, verbose, idleSpin, shadow, warmup, context,
        };
        model.AddTo(command);
        command.SetAction((result, ct) =>
        {
            var s = new Settings(
                result.GetValue(model.Model), result.GetValue(fake), result.GetValue(fakeScale), result.GetValue(fakeMode)!,
                result.GetValue(bind)!, result.GetValue(port), result.GetValue(profiles), result.GetValue(secretFile),
                result.GetValue(verbose), result.GetValue(idleSpin), result.GetValue(shadow), result.GetValue(warmup), result.GetValue(context));
            return RunAsync(s, () => model.CreatePool(result), (variants, pool) => model.LoadOptions(result, variants, pool));
        });
        return command;
    }

    private sealed record Settings(
        string? Model, bool Fake, double FakeScale, string FakeMode, string Bind, int Port, DirectoryInfo? Profiles,
        FileInfo? SecretFile, bool Verbose, int IdleSpinUs, double ShadowFraction, int WarmupMs, int MaxContext);

    private static async Task<int> RunAsync(Settings s, Func<ComputePool?> createPool, Func<IReadOnlyList<string>, ComputePool?, ModelLoadOptions> loadOptions)
    {
        var log = new TextHostLog(Console.Error, s.Verbose ? HostLogLevel.Debug : HostLogLevel.Info);
        if (s.Fake == (s.Model is not null))
        {
            return CliExit.Error(CliExit.Usage, "serve needs exactly one of --model DIR and --fake.");
        }

        if (!IPAddress.TryParse(s.Bind, out IPAddress? address))
        {
            return CliExit.Error(CliExit.Usage, $"--bind '{s.Bind}' is not an IP address.");
        }

        ServedModel? served = null;
        IDecisionBackend? backend = null;
        FpxServer? server = null;
        try
        {
            try
            {
                ServerOptions options = new()
                {
                    Bind = address,
                    Port = s.Port,
                    Secret = ReadSecret(s.SecretFile),
                    Scheduler = new SchedulerOptions
                    {
                        IdleSpin = TimeSpan.FromMicroseconds(s.IdleSpinUs),
                        ShadowFraction = s.ShadowFraction,
                        WarmupTime = TimeSpan.FromMilliseconds(s.WarmupMs),
                    },
                };
                ProfileStore? store;
                IReadOnlyList<TaskProfile> profiles;
                if (s.Fake)
                {
                    backend = new FakeBackend(new FakeBackendOptions
                    {
                        Variants = FakeVariant.DefaultLadder(s.FakeScale),
                        Mode = s.FakeMode == "sleep" ? FakeComputeMode.Sleep : FakeComputeMode.Spin,
                    });
                    store = s.Profiles is null ? null : OpenStore(s.Profiles.FullName, create: true, log);
                    // The demo tasks, each replaced by a profile of the same name from the directory.
                    profiles = [.. DemoProfiles.All.Where(d => store is null || !store.TryGet(d.Task, out _)), .. Loaded(store)];
                }
                else
                {
                    string directory = s.Model!;
                    string profileDirectory = s.Profiles?.FullName ?? Path.Combine(directory, "profiles");
                    if (s.Profiles is null && !Directory.Exists(profileDirectory) && Directory.Exists(directory))
                    {
                        return CliExit.Error(CliExit.Usage, $"no profile directory {profileDirectory}: write profiles with `fpx profile --model {directory} --task T --data FILE`, or give --profiles DIR");
                    }

                    served = ServedModel.Open(directory, profileDirectory, createProfiles: s.Profiles is not null, createPool, loadOptions, s.MaxContext);
                    backend = served.Backend;
                    store = served.Store;
                    LogSkipped(store, log);
                    profiles = served.Profiles;
                    log.Info($"model {directory}: {served.Describe()}");
                }

                server = new FpxServer(options, backend, new TaskCatalog([]), store, log: log);
                foreach (TaskProfile profile in profiles)
                {
                    if (!server.TryAddTask(profile, out string? error))
                    {
                        log.Error($"task '{profile.Task}' is not served: {error}");
                    }
                }

                if (server.Tasks.All.Count == 0)
                {
                    log.Warning("no task to serve yet: decide answers unknown_task until profile.put adds one");
                }

                log.Info($"tasks: {string.Join(", ", server.Tasks.All.Select(t => t.Name))}");
                await server.StartAsync().ConfigureAwait(false);
            }
            catch (ModelFormatException e)
            {
                return CliExit.Error(e.Code == ModelErrorCode.DirectoryNotFound ? CliExit.Usage : CliExit.Failure, e.Message);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException or Fpx.Policy.PolicyException)
            {
                return CliExit.Error(CliExit.Usage, e.Message);
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
            FpxServer stopping = server;
            server = null;
            await stopping.DisposeAsync().ConfigureAwait(false);
            Console.Out.WriteLine($"stopped after {stopping.Counters.Responses} responses");
            return CliExit.Ok;
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }

            if (served is not null)
            {
                served.Dispose(); // the backend, then its model and pool
            }
            else
            {
                backend?.Dispose();
            }
        }
    }

    /// <summary>Opens a profile directory (created when <paramref name="create"/>), logging every file it skipped.</summary>
    private static ProfileStore OpenStore(string directory, bool create, HostLog log)
    {
        if (create)
        {
            Directory.CreateDirectory(directory);
        }

        ProfileStore store = ProfileStore.Open(directory);
        LogSkipped(store, log);
        return store;
    }

    private static void LogSkipped(ProfileStore store, HostLog log)
    {
        foreach (ProfileLoadError error in store.LoadErrors)
        {
            log.Error($"profile skipped: {error}");
        }
    }

    private static IReadOnlyList<TaskProfile> Loaded(ProfileStore? store) =>
        store is null ? [] : [.. store.Tasks.Select(store.Get)];

    /// <summary>The secret from --secret-file (trailing newline dropped) or FPX_SECRET; null when neither is given. Never logged.</summary>
    private static byte[]? ReadSecret(FileInfo? file)
    {
        string? text = file is not null ? File.ReadAllText(file.FullName).TrimEnd('\r', '\n') : Environment.GetEnvironmentVariable("FPX_SECRET");
        return string.IsNullOrEmpty(text) ? null : Encoding.UTF8.GetBytes(text);
    }
}
