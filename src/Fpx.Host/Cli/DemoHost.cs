using System.Net;
using System.Text.Json;
using Fpx.Host.Backend;
using Fpx.Host.Server;
using Fpx.Host.Tasks;

namespace Fpx.Host.Cli;

/// <summary>
/// One in-process host on loopback for <c>fpx demo</c>: a bundled model's task served over TCP on a
/// free port, stopped gracefully when disposed.
/// </summary>
internal sealed class DemoHost : IAsyncDisposable
{
    private readonly FpxServer _server;
    private readonly IDecisionBackend _backend;

    private DemoHost(FpxServer server, IDecisionBackend backend, string backendName)
    {
        _server = server;
        _backend = backend;
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
    /// thread has warmed up. <paramref name="backend"/> makes the backend (default <see cref="CreateBackend"/>).
    /// </summary>
    public static async Task<DemoHost> StartAsync(string model, Func<string, (IDecisionBackend Backend, string Name)>? backend = null, CancellationToken cancellationToken = default)
    {
        var (created, name) = (backend ?? CreateBackend)(model);
        try
        {
            var server = new FpxServer(new ServerOptions { Bind = IPAddress.Loopback, Port = 0 }, created, Catalog(model));
            await server.StartAsync(cancellationToken).ConfigureAwait(false);
            return new DemoHost(server, created, name);
        }
        catch
        {
            created.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The backend the demo serves <paramref name="model"/> with. THE ONE CALL TO SWAP when the
    /// runtime backend (branch <c>integrate</c>: TransformerBackend for <c>fpx serve --model</c>) is
    /// merged: return it here instead of the fake. Until then the fake backend stands in: the same
    /// variant ladder shape (fp16 400 us, fp8 200, fpx-g0.30 150, fp4 100, spinning like a forward
    /// pass), with hashed, meaningless actions, so the demo exercises the host, the client, the
    /// wall clock and both scenarios, but its outcomes say nothing about the model.
    /// </summary>
    public static (IDecisionBackend Backend, string Name) CreateBackend(string model) =>
        (new FakeBackend(new FakeBackendOptions { Variants = FakeVariant.DefaultLadder(), Mode = FakeComputeMode.Spin }),
         "fake backend (hashed actions; the runtime backend is not merged yet)");

    /// <summary>The task the model's task.json names, with its allowed action tokens (degrade when nothing fits).</summary>
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
        _backend.Dispose();
    }
}
