using FsCheck;
using FsCheck.Fluent;

namespace Fpx.Load.Tests;

public class LatencyHistogramTests
{
    [Fact]
    public void Every_value_from_1_us_to_1_hour_comes_back_within_1_percent()
    {
        Gen<double> values = Gen.Choose(0, 1_000_000).Select(i => Math.Exp(i / 1_000_000.0 * Math.Log(3.6e9))); // log-uniform 1 us .. 1 h
        Prop.ForAll(values.ToArbitrary(), v =>
        {
            var h = new LatencyHistogram();
            h.Record(v);
            h.Record(1); // so the middle of the bucket is not clamped to the exact value
            h.Record(3.6e9);
            double p = h.Percentile(0.5);
            return Math.Abs(p - v) / v <= 0.01;
        }).Check(Config.QuickThrowOnFailure.WithQuietOnSuccess(true)); // quiet: CLI tests capture Console in this process
    }

    [Fact]
    public void Bucket_middles_are_within_half_a_percent_everywhere()
    {
        for (int index = 0; index < 32 * LatencyHistogram.SubBuckets; index++)
        {
            double middle = LatencyHistogram.Middle(index);
            Assert.Equal(index, LatencyHistogram.IndexOf(middle));
            double width = Math.ScaleB(1.0 / LatencyHistogram.SubBuckets, index / LatencyHistogram.SubBuckets);
            Assert.True(width / 2 / middle <= 0.005, $"bucket {index}");
        }
    }

    [Fact]
    public void Percentiles_of_a_uniform_spread()
    {
        var h = new LatencyHistogram();
        for (int i = 1; i <= 100_000; i++)
        {
            h.Record(i);
        }

        Assert.Equal(100_000, h.Count);
        Assert.Equal(50_000, h.Percentile(0.5), 50_000 * 0.01);
        Assert.Equal(99_000, h.Percentile(0.99), 99_000 * 0.01);
        Assert.Equal(99_900, h.Percentile(0.999), 99_900 * 0.01);
        Assert.Equal(1, h.Min);
        Assert.Equal(100_000, h.Max);
        Assert.Equal(h.Max, h.Percentile(1.0));
        Assert.Equal(50_000.5, h.Mean, 0.01);
    }

    [Fact]
    public void Out_of_range_values_are_clamped_and_empty_histograms_say_nan()
    {
        var h = new LatencyHistogram();
        Assert.True(double.IsNaN(h.Percentile(0.5)));
        h.Record(0.2);
        h.Record(double.NaN);
        h.Record(1e12);
        Assert.Equal(1, h.Min);
        Assert.Equal(3.6e9, h.Max);
        Assert.Throws<ArgumentOutOfRangeException>(() => h.Percentile(1.5));
    }

    [Fact]
    public void Adding_histograms_equals_recording_everything_in_one()
    {
        var a = new LatencyHistogram();
        var b = new LatencyHistogram();
        var all = new LatencyHistogram();
        var random = new Random(7);
        for (int i = 0; i < 10_000; i++)
        {
            double v = Math.Exp(random.NextDouble() * 15);
            (i % 3 == 0 ? a : b).Record(v);
            all.Record(v);
        }

        a.Add(b);
        Assert.Equal(all.Count, a.Count);
        foreach (double q in new[] { 0.1, 0.5, 0.9, 0.99, 0.999 })
        {
            Assert.Equal(all.Percentile(q), a.Percentile(q));
        }

        Assert.Equal(all.Min, a.Min);
        Assert.Equal(all.Max, a.Max);
    }

    [Fact]
    public void Recording_is_thread_safe()
    {
        var h = new LatencyHistogram();
        Parallel.For(0, 4, _ =>
        {
            for (int i = 1; i <= 50_000; i++)
            {
                h.Record(i % 1000 + 1);
            }
        });
        Assert.Equal(200_000, h.Count);
        Assert.Equal(1000, h.Max);
    }
}
