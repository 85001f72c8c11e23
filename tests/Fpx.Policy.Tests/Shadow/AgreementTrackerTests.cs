using Fpx.Policy.Profiles;
using Fpx.Policy.Shadow;

namespace Fpx.Policy.Tests.Shadow;

public class AgreementTrackerTests
{
    [Fact]
    public void The_rate_is_the_share_of_agreements()
    {
        var tracker = new AgreementTracker(halfLifeSamples: double.PositiveInfinity);
        for (int i = 0; i < 100; i++)
        {
            tracker.Record("t", "fp4", agreed: i % 10 != 0);
        }

        Assert.True(tracker.TryGet("t", "fp4", out var stats));
        Assert.Equal(0.9, stats.Rate, 12);
        Assert.Equal(100, stats.Samples);
        Assert.Equal(100, stats.EffectiveSamples, 9);
        Assert.False(tracker.TryGet("t", "fp8", out _));
        Assert.False(tracker.TryGet("u", "fp4", out _));
    }

    [Fact]
    public void Old_comparisons_fade_with_the_half_life()
    {
        var tracker = new AgreementTracker(halfLifeSamples: 100);
        for (int i = 0; i < 1000; i++)
        {
            tracker.Record("t", "fp4", agreed: true);
        }

        // After one half-life of disagreements the old agreements weigh as much as the new
        // disagreements would over an infinite past: rate = (1/2) · (1 − 2^-10) ≈ 0.4995.
        for (int i = 0; i < 100; i++)
        {
            tracker.Record("t", "fp4", agreed: false);
        }

        Assert.True(tracker.TryGet("t", "fp4", out var stats));
        Assert.Equal(0.5, stats.Rate, 2);
    }

    [Fact]
    public void Compare_shows_profiled_quality_next_to_live_agreement()
    {
        var profile = TaskProfileJson.Parse(Profiles.ProfileExamples.Full);
        var tracker = new AgreementTracker();
        tracker.Record("btc-scalper", "fp8", true);
        tracker.Record("btc-scalper", "fp8", false);
        tracker.Record("other-task", "fp4", true);

        var rows = tracker.Compare(profile);
        Assert.Equal(["fp16", "fp8", "fpx-g0.50", "fp4"], rows.Select(r => r.Variant));
        var fp8 = rows[1];
        Assert.Equal((0.99, 0.985), (fp8.ProfiledQuality, fp8.ProfiledAgreement));
        Assert.NotNull(fp8.Live);
        Assert.Equal(2, fp8.Live.Value.Samples);
        Assert.InRange(fp8.Live.Value.Rate, 0.49, 0.51);
        Assert.Null(rows[3].Live);
    }

    [Fact]
    public void Recording_is_thread_safe()
    {
        var tracker = new AgreementTracker(halfLifeSamples: double.PositiveInfinity);
        Parallel.For(0, 4, t =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                tracker.Record("t", "fp4", agreed: i % 4 != 0);
            }
        });
        Assert.True(tracker.TryGet("t", "fp4", out var stats));
        Assert.Equal(40_000, stats.Samples);
        Assert.Equal(0.75, stats.Rate, 12);
    }

    [Fact]
    public void Recording_a_known_pair_allocates_nothing()
    {
        var tracker = new AgreementTracker();
        void Run()
        {
            for (int i = 0; i < 1000; i++)
            {
                tracker.Record("t", "fp4", i % 3 == 0);
            }
        }

        Run();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
