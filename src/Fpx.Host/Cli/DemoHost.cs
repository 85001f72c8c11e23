using System.Net;
using System.Text.Json;
using Fpx.Engine.Runtime;
using Fpx.Host.Backend;
using Fpx.Host.Server;
using Fpx.Host.Tasks;

namespace Fpx.Host.Cli;

/// <summary>
/// One in-process host on loopback for <c>fpx demo</c>: a bundled model served over TCP on a free
/// port, as <c>fpx serve --model</c> serves it (the runtime backend and the model's task profiles),
/// stopped gracefully when disposed.
/// </summary>
internal sealed class DemoHost : IAsyncDisposable
{
    private readonly FpxServer _server;
    private readonly IDisposable _owned;

    private DemoHost(FpxServer server, IDisposable owned, string backendName)
    {
        _server = server;
        _owned = owned;
        BackendName = backendName;
    }

    /// <summary>HOST:PORT to connect to.</summary>
    public string Address => $"127.0.0.1:{_server.LocalEndPoint!.Port}";

    /// <summary>What computes the decisions (for the report).</summary>
    public string BackendName { get; }

    /// <summary>Responses the host wrote.</summary>
    public long Responses => _server.Counters.Responses;

    /// <summary>
    /// Starts a host for <paramref name="model"/> on 127.0.0.1 with a free port, once the compute
    /// thread has warmed up. By default it serves the model on the runtime with the profiles in
    /// MODEL/profiles, one compute thread (the demo's bots use the other core).
    /// <paramref name="backend"/> replaces the backend (tests: a fake over the task of task.json).
    /// </summary>
    public static async Task<DemoHost> StartAsync(string model, Func<string, (IDecisionBackend Backend, string Name)>? backend = null, CancellationToken cancellationToken = default)
    {
        if (backend is not null)
        {
            var (created, name) = backend(model);
            return await StartAsync(created, name, server => { }, () => new FpxServer(Options, created, Catalog(model)), cancellationToken).ConfigureAwait(false);
        }

        var served = ServedModel.Open(model, Path.Combine(model, "profiles"), createProfiles: false, createPool: () => null,
            (variants, pool) => new ModelLoadOptions { Variants = variants, Pool = pool }, maxContext: 1024);
        string description = $"runtime backend, {served.Describe()}, tasks from {Path.Combine(model, "profiles")}";
        return await StartAsync(served, description, server =>
        {
            if (served.AddTasks(server) is [string first, ..])
            {
                throw new InvalidOperationException($"{model}: {first}");
            }
        }, () => new FpxServer(Options, served.Backend, new TaskCatalog([]), served.Store), cancellationToken).ConfigureAwait(false);
    }

    private static ServerOptions Options => new() { Bind = IPAddress.Loopback, Port = 0 };

    private static async Task<DemoHost> StartAsync(IDisposable owned, string name, Action<FpxServer> addTasks, Func<FpxServer> create, CancellationToken cancellationToken)
    {
        FpxServer? server = null;
        try
        {
            server = create();
            addTasks(server);
            await server.StartAsync(cancellationToken).ConfigureAwait(false);
            return new DemoHost(server, owned, name);
        }
        catch
        {
            if (server is not null)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
            owned.Dispose();
            throw;
        }
    }

    /// <summary>The task the model's task.json names, with its allowed action tokens (degrade when nothing fits); for test backends.</summary>
    public static TaskCatalog Catalog(string model)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(model, "task.json")));
        var root = document.RootElement;
        string task = root.GetProperty("task").GetString() ?? throw new FormatException($"{model}/task.json: task is null");
        int[] actions = [.. root.GetProperty("allowed_action_tokens").EnumerateArray().Select(e => e.GetInt32())];
        return new TaskCatalog([new TaskDefinition(task, actions, OnMissRule.Degrade)]);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync().ConfigureAwait(false);
        _owned.Dispose();
    }
}
