using System.Text.Json;
using Fpx.Engine.Runtime;
using Fpx.Host.Backend;
using Fpx.Host.Scheduling;
using Fpx.Host.Server;
using Fpx.Host.Tasks;
using Fpx.Host.Tests.Support;
using Fpx.Policy.Profiles;

namespace Fpx.Host.Tests.Backend;

/// <summary>
/// The host over the real runtime and a bundled model (models/trading-small, the smallest), composed
/// as <c>fpx serve --model</c> composes it: decisions over TCP must be the runtime's own.
/// </summary>
[Collection("model host")] // one model host at a time: they share 2 cores with everything else
public class ModelHostTests
{
    private const string Model = "trading-small";

    // The runtime's output vs. the host's: both FP32 over the same weights and code, but the host
    // prefills through AppendMany; a probability differing beyond this would be another computation.
    private const double Tolerance = 1e-5;

    [Fact]
    public async Task Decide_over_tcp_is_the_runtimes_decision_with_the_policys_fields()
    {
        await using ModelHost host = await ModelHost.StartAsync(Model);
        TaskProfile profile = host.Profile("trading");
        int[] observation = Observation(host.Directory);
        using RawClient client = new(host.Server.LocalEndPoint!);

        // Policy's choice, generous budget: a served variant, with its prediction and profiled quality.
        Dictionary<string, object?> r = client.Call(1, "decide", Msg.DecideParams("trading", observation, 1_000_000)).Map;
        Assert.Contains(Convert.ToInt32(r["action"]), profile.ActionTokens.ToArray());
        string chosen = (string)r["variant"]!;
        Assert.Contains(chosen, host.Backend.Variants.Select(v => v.Name));
        Assert.True(profile.TryGetVariant(chosen, out VariantProfile? entry));
        Assert.Equal(entry.Quality, (double)r["expected_quality"]!);
        Assert.True((double)r["predicted_compute_us"]! > 0);
        Assert.Equal(true, r["deadline_met"]);
        Assert.Equal(false, r["forced"]);
        AssertSame(host.Direct(chosen, observation, profile.ActionTokens.ToArray()), r);

        // Every variant, forced: exactly the runtime's answer for those tokens and that variant.
        uint id = 2;
        foreach (VariantInfo v in host.Backend.Variants)
        {
            Dictionary<string, object?> f = client.Call(id++, "decide", Msg.DecideParams("trading", observation, 1_000_000, variant: v.Name)).Map;
            Assert.Equal(v.Name, f["variant"]);
            Assert.Equal(true, f["forced"]);
            AssertSame(host.Direct(v.Name, observation, profile.ActionTokens.ToArray()), f);
        }

        // An action outside the model's vocabulary is a bad request, not a crash.
        Assert.Equal(Fpx.Protocol.Rpc.RpcErrorCodes.BadRequest, client.Call(id, "decide", Msg.DecideParams("trading", [1, 500], 1_000_000)).ErrorCode);
        Assert.Equal("pong", client.Call(id + 1, "ping").Result);
    }

    [Fact]
    public async Task A_session_reuses_its_cache_and_decides_over_the_whole_history()
    {
        await using ModelHost host = await ModelHost.StartAsync(Model);
        int[] actions = [.. host.Profile("trading").ActionTokens.ToArray()];
        int[] first = Observation(host.Directory, shift: 0), second = Observation(host.Directory, shift: 1);
        using RawClient client = new(host.Server.LocalEndPoint!);
        long session = Convert.ToInt64(client.Call(1, "session.open").Map["session"]);
        Assert.Equal(first.Length, Convert.ToInt32(client.Call(2, "session.append", session, first, "fp8").Map["length"]));
        Assert.Equal(1, host.Backend.SessionCaches); // fp8's cache holds the history

        Dictionary<string, object?> r = client.Call(3, "decide", Msg.DecideParams("trading", second, 1_000_000, session, "fp8")).Map;
        Assert.Equal(1, host.Backend.SessionCaches); // the same cache, extended: no second prefill of the history
        AssertSame(host.Direct("fp8", [.. first, .. second], actions), r);

        // Another variant gets its own cache over the same history (never a mix of precisions).
        Dictionary<string, object?> other = client.Call(4, "decide", Msg.DecideParams("trading", [], 1_000_000, session, "fp16")).Map;
        Assert.Equal(2, host.Backend.SessionCaches);
        AssertSame(host.Direct("fp16", [.. first, .. second], actions), other);

        client.Call(5, "session.close", session);
        Assert.Equal(0, host.Backend.SessionCaches);
    }

    /// <summary>An observation of the task's vocabulary (tokens.json): bos, one bucket of each field (the middle one, moved by <paramref name="shift"/>), decide.</summary>
    internal static int[] Observation(string modelDirectory, int shift = 0)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(modelDirectory, "tokens.json")));
        JsonElement root = doc.RootElement;
        var tokens = new List<int> { root.GetProperty("special").GetProperty("bos").GetInt32() };
        foreach (JsonElement field in root.GetProperty("fields").EnumerateArray())
        {
            int buckets = field.GetProperty("labels").GetArrayLength();
            tokens.Add(field.GetProperty("first").GetInt32() + (((buckets / 2) + shift) % buckets));
        }

        tokens.Add(root.GetProperty("special").GetProperty("decide").GetInt32());
        Assert.Equal(root.GetProperty("observation_length").GetInt32(), tokens.Count);
        return [.. tokens];
    }

    private static void AssertSame((int Action, float[] Probabilities) expected, Dictionary<string, object?> response)
    {
        Assert.Equal(expected.Action, Convert.ToInt32(response["action"]));
        double[] probabilities = Expected.AsDoubles(response["probs"]);
        Assert.Equal(expected.Probabilities.Length, probabilities.Length);
        for (int i = 0; i < probabilities.Length; i++)
        {
            Assert.Equal(expected.Probabilities[i], probabilities[i], Tolerance);
        }
    }
}

/// <summary>An in-process host over a bundled model, loaded and composed as <c>fpx serve --model DIR</c> does (profiles from DIR/profiles).</summary>
internal sealed class ModelHost : IAsyncDisposable
{
    private ModelHost(string directory, TransformerModel model, TransformerBackend backend, FpxServer server)
    {
        Directory = directory;
        Model = model;
        Backend = backend;
        Server = server;
    }

    public string Directory { get; }

    public TransformerModel Model { get; }

    public TransformerBackend Backend { get; }

    public FpxServer Server { get; }

    /// <summary>The bundled model copied with the tests (tests/Fpx.Host.Tests.csproj).</summary>
    public static string Bundled(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "Bundled", name);

    /// <param name="name">A bundled model.</param>
    /// <param name="profiles">The profile directory; the model's own when null.</param>
    /// <param name="scheduler">Scheduler settings; quick ones (no unmeasured warm-up, no shadows) when null.</param>
    /// <param name="adjust">Changes each loaded profile before it is served; <see cref="Relaxed"/> when null.</param>
    public static async Task<ModelHost> StartAsync(string name, string? profiles = null, SchedulerOptions? scheduler = null, Func<TaskProfile, TaskProfile>? adjust = null)
    {
        string directory = Bundled(name);
        var model = TransformerModel.Load(directory, new ModelLoadOptions { Variants = VariantNames.Serving });
        var backend = new TransformerBackend(model);
        ProfileStore store = ProfileStore.Open(profiles ?? Path.Combine(directory, "profiles"));
        Assert.Empty(store.LoadErrors);
        var options = new ServerOptions { Port = 0, Scheduler = scheduler ?? TestHost.QuickScheduler() };
        var server = new FpxServer(options, backend, new TaskCatalog([]), profiles is null ? null : store);
        foreach (string task in store.Tasks)
        {
            Assert.True(server.TryAddTask((adjust ?? Relaxed)(store.Get(task)), out string? error), error);
        }

        await server.StartAsync();
        return new ModelHost(directory, model, backend, server);
    }

    /// <summary>
    /// The profile with a hard utility and degrade on a miss: a bundled profile's utility (trading's
    /// value reaches 0 at 5 ms) would make whether a test is answered depend on how loaded the
    /// shared machine is; the variants, qualities, seeds and actions stay the bundled ones.
    /// </summary>
    public static TaskProfile Relaxed(TaskProfile p) => new(
        p.Task,
        p.ActionTokens,
        p.VariantNames.Select(n => new KeyValuePair<string, VariantProfile>(n, p.TryGetVariant(n, out VariantProfile? v) ? v : throw new InvalidOperationException(n))),
        p.PlanningQuantile,
        UtilitySpec.Hard,
        MissPolicy.Degrade,
        p.MinQuality);

    public TaskProfile Profile(string task) => Server.Tasks.Find(task)?.Profile ?? throw new InvalidOperationException($"no task {task}");

    /// <summary>The runtime's own decision: a fresh session of the variant over the tokens (no host in between).</summary>
    public (int Action, float[] Probabilities) Direct(string variant, int[] tokens, int[] actions)
    {
        InferenceSession session = Model.CreateSession(Model.GetVariant(variant));
        float[] probabilities = new float[actions.Length];
        int best = session.Decide(tokens, actions, probabilities); // an index into actions
        return (actions[best], probabilities);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Backend.Dispose();
        Model.Dispose();
    }
}
