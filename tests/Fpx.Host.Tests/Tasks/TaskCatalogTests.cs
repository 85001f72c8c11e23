using System.Text;
using Fpx.Host.Tasks;

namespace Fpx.Host.Tests.Tasks;

public class TaskCatalogTests
{
    [Fact]
    public void Parses_tasks_and_finds_them_by_utf8_name()
    {
        TaskCatalog catalog = TaskCatalog.Parse("""{"tasks": [{"name": "trade", "actions": [10, 11, 12], "on_miss": "reject"}, {"name": "game", "actions": [1]}]}""");
        Assert.True(catalog.TryGet("trade"u8, out TaskDefinition? trade));
        Assert.Equal(OnMissRule.Reject, trade!.OnMiss);
        Assert.Equal([10, 11, 12], trade.ActionTokens.ToArray());
        Assert.Equal(OnMissRule.Degrade, catalog.Find("game")!.OnMiss);
        Assert.False(catalog.TryGet("nope"u8, out _));
    }

    [Theory]
    [InlineData("""{"tasks": []}""")]
    [InlineData("""{"tasks": [{"name": "a", "actions": []}]}""")]
    [InlineData("""{"tasks": [{"name": "a", "actions": [1, 1]}]}""")]
    [InlineData("""{"tasks": [{"name": "a", "actions": [-1]}]}""")]
    [InlineData("""{"tasks": [{"name": "../x", "actions": [1]}]}""")]
    [InlineData("""{"tasks": [{"name": "a", "actions": [1], "on_miss": "panic"}]}""")]
    [InlineData("""{"tasks": [{"name": "a", "actions": [1]}, {"name": "a", "actions": [2]}]}""")]
    [InlineData("""{"nothing": 1}""")]
    [InlineData("""not json""")]
    public void Rejects_invalid_files_with_a_message(string json) =>
        Assert.Throws<FormatException>(() => TaskCatalog.Parse(json));

    [Fact]
    public void Profiles_persist_atomically_and_must_be_json()
    {
        string dir = Path.Combine(Path.GetTempPath(), "fpx-profiles-" + Guid.NewGuid().ToString("N"));
        try
        {
            var store = new ProfileStore(dir, TaskCatalog.Demo);
            Assert.Null(store.Get("demo"));
            store.Put("demo", """{"quantile": 0.99}""");
            Assert.Throws<ArgumentException>(() => store.Put("demo", "{not json"));
            Assert.Throws<ArgumentException>(() => store.Put("demo", "\"" + new string('x', ProfileStore.MaxProfileBytes) + "\""));
            Assert.Equal("""{"quantile": 0.99}""", new ProfileStore(dir, TaskCatalog.Demo).Get("demo"));
            Assert.Equal(["demo.json"], Directory.GetFiles(dir).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
