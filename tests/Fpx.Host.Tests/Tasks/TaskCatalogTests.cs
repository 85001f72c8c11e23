using Fpx.Host.Tasks;
using Fpx.Policy.Profiles;

namespace Fpx.Host.Tests.Tasks;

public class TaskCatalogTests
{
    [Fact]
    public void Tasks_come_from_profiles_and_are_found_by_utf8_name()
    {
        TaskCatalog catalog = TaskCatalog.CreateDemo();
        Assert.True(catalog.TryGet("strict"u8, out TaskDefinition? strict));
        Assert.Equal(OnMissRule.Reject, strict!.OnMiss);
        Assert.Equal([0, 1, 2, 3], strict.ActionTokens.ToArray());
        Assert.Same(DemoProfiles.All[2], strict.Profile);
        Assert.Equal(OnMissRule.Degrade, catalog.Find("trade")!.OnMiss);
        Assert.False(catalog.TryGet("nope"u8, out _));
        Assert.NotSame(catalog, TaskCatalog.CreateDemo()); // catalogs change with Put, so each host gets its own
    }

    [Fact]
    public void Put_replaces_or_adds_and_readers_keep_their_snapshot()
    {
        TaskCatalog catalog = TaskCatalog.CreateDemo();
        IReadOnlyList<TaskDefinition> before = catalog.All;
        TaskDefinition demo = catalog.Find("demo")!;
        var replacement = new TaskDefinition(DemoProfiles.Create("demo", [5, 6], MissPolicy.Reject));
        catalog.Put(replacement);
        catalog.Put(new TaskDefinition(DemoProfiles.Create("new-task", [1], MissPolicy.Degrade)));
        Assert.Same(replacement, catalog.Find("demo"));
        Assert.Equal(["demo", "trade", "strict", "new-task"], catalog.All.Select(t => t.Name));
        Assert.Same(demo, before[0]); // the old snapshot is untouched
        Assert.Equal(3, before.Count);
    }

    [Fact]
    public void An_empty_catalog_is_allowed_but_duplicates_are_not()
    {
        Assert.Empty(new TaskCatalog([]).All);
        var t = new TaskDefinition("a", [1], OnMissRule.Degrade);
        Assert.Throws<ArgumentException>(() => new TaskCatalog([t, t]));
        Assert.Null(t.Profile);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../x")]
    [InlineData("..")]
    public void Task_names_are_checked(string name) =>
        Assert.Throws<ArgumentException>(() => new TaskDefinition(name, [1], OnMissRule.Degrade));
}
