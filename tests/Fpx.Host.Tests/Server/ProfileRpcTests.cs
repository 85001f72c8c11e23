using Fpx.Host.Backend;
using Fpx.Host.Server;
using Fpx.Host.Tasks;
using Fpx.Host.Tests.Support;
using Fpx.Policy.Profiles;
using Fpx.Protocol.Rpc;

namespace Fpx.Host.Tests.Server;

/// <summary>profile.get and profile.put against a host that saves profiles in a directory, as <c>fpx serve --profiles DIR</c>.</summary>
public sealed class ProfileRpcTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "fpx-host-tests", $"profiles-{Guid.NewGuid():N}");

    public ProfileRpcTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A host over the fake ladder serving the demo tasks, each replaced by a saved profile of the same name (as serve --fake --profiles).</summary>
    private async Task<(FpxServer Server, FakeBackend Backend)> StartAsync()
    {
        var fake = new FakeBackend(new FakeBackendOptions { Mode = FakeComputeMode.Virtual });
        ProfileStore store = ProfileStore.Open(_directory);
        Assert.Empty(store.LoadErrors);
        TaskCatalog tasks = TaskCatalog.FromProfiles([.. DemoProfiles.All.Where(d => !store.TryGet(d.Task, out _)), .. store.Tasks.Select(store.Get)]);
        var server = new FpxServer(new ServerOptions { Port = 0, Scheduler = TestHost.QuickScheduler() }, fake, tasks, store);
        await server.StartAsync();
        return (server, fake);
    }

    private static string Json(string task, int[] actions, MissPolicy onMiss = MissPolicy.Degrade) =>
        TaskProfileJson.ToJson(DemoProfiles.Create(task, actions, onMiss, UtilitySpec.Exponential(3000)));

    [Theory]
    [InlineData("""{"task": "demo", "action_tokens": [0], "planning_quantile": 0.99, "utility": {"kind": "exponential"}, "on_miss": "degrade", "variants": {"fp16": {"quality": 1}}}""", "utility.half_life_us")]
    [InlineData("""{"task": "demo", "action_tokens": [0, 0], "planning_quantile": 0.99, "utility": {"kind": "hard"}, "on_miss": "degrade", "variants": {"fp16": {"quality": 1}}}""", "action_tokens[1]")]
    [InlineData("""{"task": "demo", "action_tokens": [0], "planning_quantile": 1.5, "utility": {"kind": "hard"}, "on_miss": "degrade", "variants": {"fp16": {"quality": 1}}}""", "planning_quantile")]
    [InlineData("""{"task": "demo", "action_tokens": [0], "planning_quantile": 0.99, "utility": {"kind": "hard"}, "on_miss": "later", "variants": {"fp16": {"quality": 1}}}""", "on_miss")]
    [InlineData("""{"task": "other", "action_tokens": [0], "planning_quantile": 0.99, "utility": {"kind": "hard"}, "on_miss": "degrade", "variants": {"fp16": {"quality": 1}}}""", "task")]
    [InlineData("""{"task": "demo", "action_tokens": [0], "planning_quantile": 0.99, "utility": {"kind": "hard"}, "on_miss": "degrade", "variants": {"fp99": {"quality": 1}}}""", "variants")]
    [InlineData("""{"task": "demo", "action_tokens": [0], "planning_quantile": 0.99, "utility": {"kind": "hard"}, "on_miss": "degrade", "min_quality": 0.5, "variants": {"fp16": {"quality": 0.4}}}""", "min_quality")]
    [InlineData("""{"task": "demo", "colour": 1, "action_tokens": [0], "planning_quantile": 0.99, "utility": {"kind": "hard"}, "on_miss": "degrade", "variants": {"fp16": {"quality": 1}}}""", "colour")]
    public async Task An_invalid_profile_is_a_bad_request_naming_the_field_and_changes_nothing(string json, string field)
    {
        var (server, fake) = await StartAsync();
        await using (server)
        {
            using RawClient client = new(server.LocalEndPoint!);
            string before = (string)client.Call(1, "profile.get", "demo").Result!;
            Frame frame = client.Call(2, "profile.put", "demo", json);
            Assert.Equal(RpcErrorCodes.BadRequest, frame.ErrorCode);
            Assert.StartsWith(field, (string)frame.Error!["message"]!);
            Assert.Equal(before, client.Call(3, "profile.get", "demo").Result);
            Assert.Empty(Directory.GetFiles(_directory)); // nothing saved, no temporary file left
            Assert.Equal(4, ((object?[])client.Call(4, "decide", Msg.DecideParams("demo", [1], 1_000_000)).Map["probs"]!).Length);
        }

        fake.Dispose();
    }

    [Fact]
    public async Task A_valid_profile_is_served_at_once_saved_by_atomic_replace_and_reloaded_at_start()
    {
        string json = Json("demo", [0, 1], MissPolicy.Reject);
        var (server, fake) = await StartAsync();
        await using (server)
        {
            using RawClient client = new(server.LocalEndPoint!);
            Assert.Equal(true, client.Call(1, "profile.put", "demo", json).Result);
            Assert.Equal(json, client.Call(2, "profile.get", "demo").Result);
            Assert.Equal(2, ((object?[])client.Call(3, "decide", Msg.DecideParams("demo", [1], 1_000_000)).Map["probs"]!).Length);

            // A new task too, and a replacement of the replacement.
            Assert.Equal(true, client.Call(4, "profile.put", "fresh", Json("fresh", [7, 8, 9])).Result);
            Assert.Equal(3, ((object?[])client.Call(5, "decide", Msg.DecideParams("fresh", [1], 1_000_000)).Map["probs"]!).Length);
            Assert.Equal(true, client.Call(6, "profile.put", "fresh", Json("fresh", [7, 8])).Result);
        }

        fake.Dispose();
        Assert.Equal(["demo.json", "fresh.json"], Directory.GetFiles(_directory).Select(Path.GetFileName).Order()); // only the profiles: no temporary files
        Assert.Equal(json, File.ReadAllText(Path.Combine(_directory, "demo.json")));

        // A restarted host serves what was saved.
        (server, fake) = await StartAsync();
        await using (server)
        {
            using RawClient client = new(server.LocalEndPoint!);
            Assert.Equal(json, client.Call(1, "profile.get", "demo").Result);
            Assert.Equal(Json("fresh", [7, 8]), client.Call(2, "profile.get", "fresh").Result);
            Assert.Equal(RpcErrorCodes.DeadlineUnreachable, client.Call(3, "decide", Msg.DecideParams("demo", [1], 1)).ErrorCode); // its on_miss: reject
        }

        fake.Dispose();
    }

    [Fact]
    public async Task Decisions_during_puts_see_the_old_profile_or_the_new_one_whole()
    {
        string two = Json("demo", [0, 1]), three = Json("demo", [5, 6, 7]);
        var (server, fake) = await StartAsync();
        await using (server)
        {
            using RawClient reader = new(server.LocalEndPoint!);
            Assert.Equal(true, reader.Call(1000, "profile.put", "demo", two).Result); // from here on: two actions or three
            Task puts = Task.Run(() =>
            {
                using RawClient writer = new(server.LocalEndPoint!);
                for (uint i = 0; i < 60; i++)
                {
                    Assert.Equal(true, writer.Call(i, "profile.put", "demo", i % 2 == 0 ? two : three).Result);
                }
            });

            uint id = 0;
            var seen = new HashSet<int>();
            while (!puts.IsCompleted)
            {
                Dictionary<string, object?> r = reader.Call(id++, "decide", Msg.DecideParams("demo", [3], 1_000_000)).Map;
                int count = ((object?[])r["probs"]!).Length;
                long action = (long)r["action"]!;
                Assert.True(count == 2 ? action is 0 or 1 : count == 3 && action is >= 5 and <= 7, $"{count} probabilities with action {action}");
                seen.Add(count);
            }

            await puts;
            Assert.NotEmpty(seen);
            Assert.Equal(three, reader.Call(id, "profile.get", "demo").Result);
        }

        fake.Dispose();
    }
}
