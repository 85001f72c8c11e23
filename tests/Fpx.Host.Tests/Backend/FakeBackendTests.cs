using Fpx.Host.Backend;
using Fpx.Host.Tests.Support;

namespace Fpx.Host.Tests.Backend;

public class FakeBackendTests
{
    private static float[] Decide(FakeBackend backend, int variant, int[] tokens, int[] actions, long session = BackendItem.NoSession)
    {
        var probabilities = new float[actions.Length];
        var times = new TimeSpan[1];
        backend.Decide(variant, [new BackendItem(actions, tokens, session, probabilities)], times);
        return probabilities;
    }

    [Fact]
    public void Same_input_same_output_and_probabilities_sum_to_one()
    {
        using var a = new FakeBackend(new FakeBackendOptions { Mode = FakeComputeMode.Virtual });
        using var b = new FakeBackend(new FakeBackendOptions { Mode = FakeComputeMode.Virtual });
        float[] p = Decide(a, 0, [1, 2, 3], [0, 1, 2, 3]);
        Assert.Equal(p, Decide(b, 0, [1, 2, 3], [0, 1, 2, 3]));
        Assert.Equal(1.0, p.Sum(), 5);
        Assert.All(p, x => Assert.InRange(x, 0f, 1f));
        Assert.NotEqual(p, Decide(a, 0, [1, 2, 4], [0, 1, 2, 3]));
    }

    [Fact]
    public void Lower_precision_variants_perturb_the_output_slightly()
    {
        using var backend = new FakeBackend(new FakeBackendOptions { Mode = FakeComputeMode.Virtual });
        float[] best = Decide(backend, 0, [5, 6, 7], [0, 1, 2, 3]);
        float[] worst = Decide(backend, 3, [5, 6, 7], [0, 1, 2, 3]);
        Assert.NotEqual(best, worst);
        Assert.True(best.Zip(worst).Max(p => Math.Abs(p.First - p.Second)) < 0.35);
    }

    [Fact]
    public void A_session_equals_deciding_on_its_whole_context()
    {
        using var backend = new FakeBackend(new FakeBackendOptions { Mode = FakeComputeMode.Virtual });
        long session = backend.OpenSession();
        backend.AppendSession(session, 0, [1, 2]);
        float[] viaSession = Decide(backend, 0, [3], [0, 1, 2, 3], session);
        Assert.Equal(Decide(backend, 0, [1, 2, 3], [0, 1, 2, 3]), viaSession);
        Assert.Equal(3, backend.SessionLength(session));
        backend.CloseSession(session);
        Assert.Equal(0, backend.OpenSessions);
        Assert.Throws<InvalidOperationException>(() => backend.SessionLength(session));
    }

    [Fact]
    public void Virtual_mode_reports_the_configured_time_and_calls_the_hook()
    {
        var time = new FakeTimeProvider();
        var variants = new[] { new FakeVariant(new VariantInfo("v", 4, 1, 0), TimeSpan.FromMicroseconds(100), TimeSpan.FromMicroseconds(2)) };
        using var backend = new FakeBackend(new FakeBackendOptions { Variants = variants, Mode = FakeComputeMode.Virtual, TimeProvider = time, OnCompute = time.Advance });
        var times = new TimeSpan[2];
        backend.Decide(0, [new BackendItem(new[] { 0, 1 }, new[] { 1, 2, 3 }, -1, new float[2]), new BackendItem(new[] { 0, 1 }, new[] { 4 }, -1, new float[2])], times);
        Assert.Equal(TimeSpan.FromMicroseconds(108), times[0]);
        Assert.Equal(times[0], times[1]);
        Assert.Equal(TimeSpan.FromMicroseconds(108), time.Elapsed);
        backend.InjectPause(TimeSpan.FromMilliseconds(5));
        backend.Decide(0, [new BackendItem(new[] { 0, 1 }, new[] { 1 }, -1, new float[2])], times);
        Assert.Equal(TimeSpan.FromMicroseconds(5102), times[0]);
    }

    [Fact]
    public void Spin_mode_spends_the_time()
    {
        var variants = new[] { new FakeVariant(new VariantInfo("v", 4, 1, 0), TimeSpan.FromMilliseconds(2), TimeSpan.Zero) };
        using var backend = new FakeBackend(new FakeBackendOptions { Variants = variants, Mode = FakeComputeMode.Spin });
        var times = new TimeSpan[1];
        long start = TimeProvider.System.GetTimestamp();
        backend.Decide(0, [new BackendItem(new[] { 0 }, new[] { 1 }, -1, new float[1])], times);
        Assert.True(TimeProvider.System.GetElapsedTime(start) >= TimeSpan.FromMilliseconds(2));
        Assert.True(times[0] >= TimeSpan.FromMilliseconds(2));
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<ArgumentException>(() => new FakeBackendOptions { Variants = [] });
        var v = new FakeVariant(new VariantInfo("v", 4, 1, 0), TimeSpan.Zero, TimeSpan.Zero);
        Assert.Throws<ArgumentException>(() => new FakeBackendOptions { Variants = [v, v] });
        Assert.Throws<ArgumentException>(() => new FakeBackendOptions { Variants = [v with { BaseCompute = TimeSpan.FromTicks(-1) }] });
        Assert.Throws<ArgumentOutOfRangeException>(() => new FakeBackendOptions { MaxContextTokens = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => FakeVariant.DefaultLadder(-1));
    }

    [Fact]
    public void Session_context_is_bounded()
    {
        using var backend = new FakeBackend(new FakeBackendOptions { Mode = FakeComputeMode.Virtual, MaxContextTokens = 4 });
        long s = backend.OpenSession();
        backend.AppendSession(s, 0, [1, 2, 3]);
        Assert.Throws<ArgumentException>(() => backend.AppendSession(s, 0, [4, 5]));
    }
}
