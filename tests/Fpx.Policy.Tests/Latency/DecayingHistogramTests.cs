using Fpx.Policy.Latency;

namespace Fpx.Policy.Tests.Latency;

public class DecayingHistogramTests
{
    private static DecayingHistogram NoDecay() => new(double.PositiveInfinity, double.PositiveInfinity);

    [Theory]
    [InlineData(1000, 0.1)]
    [InlineData(380, 0.3)]
    [InlineData(50, 0.5)]
    [InlineData(20000, 1.0)]
    public void Quantiles_are_within_one_bin_of_the_exact_ones(double median, double sigma)
    {
        var values = TestData.LogNormal(20_000, median, sigma, seed: 3);
        var histogram = NoDecay();
        foreach (double v in values)
        {
            histogram.Observe(v, 0);
        }

        foreach (double q in new[] { 0.01, 0.1, 0.5, 0.9, 0.99, 0.999 })
        {
            double exact = TestData.Quantile(values, q);
            Assert.True(histogram.TryQuantile(q, out double estimate));

            // The documented bound: one bin, at most 1/32 of the value (or 1 µs below 64 µs),
            // plus the spacing of neighbouring order statistics at the extreme quantiles.
            double bound = Math.Max(1, exact / 32) + Math.Abs(TestData.Quantile(values, Math.Min(1, q + 0.0005)) - exact);
            Assert.True(Math.Abs(estimate - exact) <= bound, $"q={q}: {estimate} vs {exact}");
        }
    }

    [Fact]
    public void An_empty_histogram_has_no_quantile()
    {
        var histogram = NoDecay();
        Assert.False(histogram.TryQuantile(0.5, out _));
        Assert.False(histogram.TryRemaining(0, 0.99, out _, out _));
        Assert.False(histogram.TrySummary(out _, out _, out _, out _));
    }

    [Fact]
    public void Old_samples_count_half_after_the_half_life_in_samples()
    {
        // 1000 samples at 100 µs then 1000 at 400 µs with a half-life of 1000 samples: the old
        // block weighs Σ 2^(-k/1000) over k = 1000..1999, the new one over k = 0..999, i.e.
        // exactly half as much, so the old mass is 1/3 and the median sits in the new block.
        var histogram = new DecayingHistogram(1000, double.PositiveInfinity);
        for (int i = 0; i < 1000; i++)
        {
            histogram.Observe(100, 0);
        }

        for (int i = 0; i < 1000; i++)
        {
            histogram.Observe(400, 0);
        }

        Assert.True(histogram.TryQuantile(0.30, out double low));
        Assert.True(histogram.TryQuantile(0.36, out double high));
        Assert.InRange(low, 100, 102);
        Assert.InRange(high, 400, 404);
    }

    [Fact]
    public void Old_samples_fade_with_time()
    {
        var histogram = new DecayingHistogram(double.PositiveInfinity, halfLifeTicks: 1000);
        for (int i = 0; i < 100; i++)
        {
            histogram.Observe(100, 0);
        }

        // Ten half-lives later a single new sample outweighs the hundred old ones (100/1024 < 1).
        histogram.Observe(400, 10_000);
        Assert.True(histogram.TryQuantile(0.5, out double median));
        Assert.InRange(median, 400, 404);
    }

    [Fact]
    public void Rescaling_keeps_the_distribution_and_forgets_what_faded()
    {
        // A half-life of 4 samples grows weights by 2^64 every 256 samples: hundreds of rescales.
        var histogram = new DecayingHistogram(4, double.PositiveInfinity);
        for (int i = 0; i < 100_000; i++)
        {
            histogram.Observe(i < 50_000 ? 10_000 : 100 + (i % 10), 0);
        }

        Assert.True(histogram.TryQuantile(0.999999, out double top));
        Assert.InRange(top, 100, 111);
        Assert.True(histogram.TrySummary(out double mean, out _, out _, out _));
        Assert.InRange(mean, 100, 110);
    }

    [Fact]
    public void A_gap_of_thousands_of_half_lives_starts_afresh()
    {
        var histogram = new DecayingHistogram(double.PositiveInfinity, halfLifeTicks: 1);
        histogram.Observe(100, 0);
        histogram.Observe(900, 5000);
        Assert.True(histogram.TryQuantile(0.01, out double low));
        Assert.InRange(low, 896, 904);
    }

    [Fact]
    public void Remaining_time_is_conditioned_on_the_elapsed_time()
    {
        // Uniform service times over 0..999 µs: having run 500 µs, the rest is uniform over 0..500.
        var histogram = NoDecay();
        for (int i = 0; i < 1000; i++)
        {
            histogram.Observe(i, 0);
        }

        Assert.True(histogram.TryRemaining(0, 0.99, out double mean0, out double q0));
        Assert.Equal(499.5, mean0, 1);
        Assert.Equal(990, q0, 0);

        Assert.True(histogram.TryRemaining(500, 0.5, out double mean, out double median));
        Assert.InRange(mean, 245, 255);
        Assert.InRange(median, 240, 260);

        Assert.True(histogram.TryRemaining(5000, 0.99, out double lateMean, out double lateTail));
        Assert.Equal(0, lateMean);
        Assert.Equal(0, lateTail);
    }

    [Fact]
    public async Task Readers_never_see_a_torn_state_while_one_writer_observes()
    {
        // The writer alternates between two narrow distributions; any consistent state has all
        // its quantiles inside [100, 2000] and in order, whereas a torn read could break either.
        var histogram = new DecayingHistogram(64, double.PositiveInfinity);
        histogram.Observe(100, 0);
        using var stop = new CancellationTokenSource();
        long observed = 0;
        var writer = Task.Run(() =>
        {
            for (long i = 0; !stop.IsCancellationRequested; i++)
            {
                histogram.Observe(i % 2 == 0 ? 100 : 2000, i);
                Volatile.Write(ref observed, i);
            }
        });
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            // Start reading only once the writer is running (the pool may start it late on a small machine).
            while (Volatile.Read(ref observed) < 1000)
            {
                Thread.Yield();
            }

            for (int n = 0; n < 30_000; n++)
            {
                Assert.True(histogram.TrySummary(out double mean, out double p50, out double p90, out double p99));
                Assert.InRange(p50, 100, 2064);
                Assert.True(p50 <= p90 && p90 <= p99, $"{p50} {p90} {p99}");
                Assert.InRange(mean, 100, 2000);
            }
        })).ToArray();
        await Task.WhenAll(readers);
        await stop.CancelAsync();
        await writer;
        Assert.True(Volatile.Read(ref observed) > 1000);
    }
}
