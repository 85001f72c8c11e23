using Fpx.Policy.Profiles;

namespace Fpx.Policy.Tests.Profiles;

public sealed class ProfileStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fpx-profiles-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static TaskProfile Profile(string task, double quality) =>
        new(task, [1, 2], [KeyValuePair.Create("fp8", new VariantProfile(quality)), KeyValuePair.Create("fp4", new VariantProfile(quality * 0.9))], 0.99, UtilitySpec.Hard, MissPolicy.Reject);

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_dir, name), text);

    [Fact]
    public void Opening_loads_every_valid_profile_and_reports_the_bad_ones_by_path()
    {
        Write("btc-scalper.json", ProfileExamples.Full);
        Write("t.json", ProfileExamples.Minimal);
        Write("broken.json", ProfileExamples.Minimal.Replace("0.9}", "1.9}", StringComparison.Ordinal).Replace("\"t\"", "\"broken\"", StringComparison.Ordinal));
        Write("renamed.json", ProfileExamples.Minimal);
        Write("notes.txt", "not a profile");
        Write(".hidden.json", ProfileExamples.Minimal);

        var store = ProfileStore.Open(_dir);

        Assert.Equal(["btc-scalper", "t"], store.Tasks.ToArray());
        Assert.Equal(2, store.LoadErrors.Count);
        Assert.Equal(Path.Combine(_dir, "broken.json"), store.LoadErrors[0].FilePath);
        Assert.Equal("variants.fp8.quality", store.LoadErrors[0].Error.Path);
        Assert.Equal(Path.Combine(_dir, "renamed.json"), store.LoadErrors[1].FilePath);
        Assert.StartsWith("task must equal the file name 'renamed'", store.LoadErrors[1].Error.Message);
    }

    [Fact]
    public void Fail_mode_refuses_to_open_with_a_bad_file()
    {
        Write("t.json", ProfileExamples.Minimal);
        Write("x.json", "{");
        var e = Assert.Throws<PolicyException>(() => ProfileStore.Open(_dir, ProfileLoadMode.FailOnInvalid));
        Assert.Equal(PolicyErrorCodes.BadProfile, e.Code);
        Assert.Contains("x.json", e.Message);
    }

    [Fact]
    public void A_missing_directory_is_an_error() =>
        Assert.Throws<DirectoryNotFoundException>(() => ProfileStore.Open(Path.Combine(_dir, "nope")));

    [Fact]
    public void Unknown_tasks_have_a_stable_code()
    {
        var store = ProfileStore.Open(_dir);
        Assert.False(store.TryGet("ghost", out _));
        Assert.Equal(PolicyErrorCodes.UnknownTask, Assert.Throws<PolicyException>(() => store.Get("ghost")).Code);
    }

    [Fact]
    public void Put_saves_a_file_that_a_new_store_reads_back()
    {
        var store = ProfileStore.Open(_dir);
        store.Put(Profile("alpha", 0.9));
        store.Put(Profile("alpha", 0.8));
        store.Put(Profile("beta", 0.7));

        Assert.Equal(["alpha", "beta"], store.Tasks.ToArray());
        Assert.True(store.Get("alpha").TryGetVariant("fp8", out var v));
        Assert.Equal(0.8, v.Quality);

        var reopened = ProfileStore.Open(_dir);
        Assert.Empty(reopened.LoadErrors);
        Assert.Equal(TaskProfileJson.ToJson(store.Get("alpha")), TaskProfileJson.ToJson(reopened.Get("alpha")));
        Assert.Equal(["alpha.json", "beta.json"], Directory.GetFiles(_dir).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void A_crash_before_the_rename_leaves_the_old_file_and_profile_intact()
    {
        var store = ProfileStore.Open(_dir);
        store.Put(Profile("alpha", 0.9));
        string before = File.ReadAllText(Path.Combine(_dir, "alpha.json"));

        string? temporary = null;
        store.BeforeRename = path =>
        {
            temporary = path;
            Assert.Equal(TaskProfileJson.ToJson(Profile("alpha", 0.5)), File.ReadAllText(path));
            throw new IOException("simulated crash");
        };
        Assert.Throws<IOException>(() => store.Put(Profile("alpha", 0.5)));

        Assert.NotNull(temporary);
        Assert.Equal(before, File.ReadAllText(Path.Combine(_dir, "alpha.json")));
        Assert.True(store.Get("alpha").TryGetVariant("fp8", out var v));
        Assert.Equal(0.9, v.Quality);
    }

    [Fact]
    public void A_torn_temporary_file_left_by_a_crash_never_reaches_the_real_one()
    {
        ProfileStore.Open(_dir).Put(Profile("alpha", 0.9));
        string before = File.ReadAllText(Path.Combine(_dir, "alpha.json"));

        // What a crash halfway through writing the temporary file leaves behind.
        string torn = Path.Combine(_dir, ".alpha.json.0123456789ab.tmp");
        File.WriteAllText(torn, before[..(before.Length / 2)]);

        var store = ProfileStore.Open(_dir);
        Assert.Empty(store.LoadErrors);
        Assert.Equal(before, File.ReadAllText(Path.Combine(_dir, "alpha.json")));
        Assert.True(store.Get("alpha").TryGetVariant("fp8", out var v));
        Assert.Equal(0.9, v.Quality);
        Assert.False(File.Exists(torn));
    }

    [Fact]
    public async Task Readers_keep_working_and_see_whole_profiles_during_puts()
    {
        var store = ProfileStore.Open(_dir);
        store.Put(Profile("alpha", 0.5));
        using var stop = new CancellationTokenSource();
        long reads = 0;

        // Each profile has fp4 = 0.9 × fp8; a reader that saw half of one Put and half of another would break that.
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var p = store.Get("alpha");
                Assert.True(p.TryGetVariant("fp8", out var fp8));
                Assert.True(p.TryGetVariant("fp4", out var fp4));
                Assert.Equal(fp8.Quality * 0.9, fp4.Quality, 12);
                Interlocked.Increment(ref reads);
            }
        })).ToArray();

        // Both readers are running before the first Put (the pool may start them late on a small machine).
        while (Interlocked.Read(ref reads) < 100)
        {
            await Task.Yield();
        }

        for (int i = 1; i <= 50; i++)
        {
            store.Put(Profile("alpha", 0.5 + (i / 200.0)));
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);

        Assert.True(store.Get("alpha").TryGetVariant("fp8", out var last));
        Assert.Equal(0.75, last.Quality);
    }
}
