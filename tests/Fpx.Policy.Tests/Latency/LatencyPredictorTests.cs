using Fpx.Policy.Latency;

namespace Fpx.Policy.Tests.Latency;

public class LatencyPredictorTests
{
    private static readonly LatencyPredictorOptions Options = new(minSamples: 10, maxTokens: 1024, maxBatch: 8);

    private static LatencyPredictor Filled(FakeTimeProvider? clock = null, params (LatencyKey Key, double Us)[] cells)
    {
        var predictor = new LatencyPredictor(Options, clock ?? new FakeTimeProvider());
        foreach (var (key, us) in cells)
        {
            for (int i = 0; i < 10; i++)
            {
                predictor.Observe(key, us);
            }
        }

        return predictor;
    }

    private static LatencyPrediction Predict(LatencyPredictor predictor, LatencyKey key, LatencySeed? seed = null)
    {
        Assert.True(predictor.TryPredict(key, 0.5, seed, out var prediction));
        return prediction;
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 2)]
    [InlineData(5, 3)]
    [InlineData(64, 6)]
    [InlineData(65, 7)]
    public void Length_buckets_are_powers_of_two(int tokens, int bucket) =>
        Assert.Equal(bucket, LatencyPredictor.LengthBucket(tokens));

    [Fact]
    public void A_cell_with_enough_samples_answers_for_itself()
    {
        var predictor = Filled(null, (new LatencyKey("fp8", 64), 500));
        var p = Predict(predictor, new LatencyKey("fp8", 50));
        Assert.Equal(LatencySource.Exact, p.Source);
        Assert.InRange(p.ValueUs, 496, 504);
    }

    [Fact]
    public void Too_few_samples_fall_back_to_the_seed()
    {
        var predictor = new LatencyPredictor(Options, new FakeTimeProvider());
        for (int i = 0; i < 9; i++)
        {
            predictor.Observe(new LatencyKey("fp8", 64), 500);
        }

        var p = Predict(predictor, new LatencyKey("fp8", 64), new LatencySeed(700, 750, 800));
        Assert.Equal(LatencySource.Seed, p.Source);
        Assert.InRange(p.ValueUs, 690, 710);
    }

    [Fact]
    public void The_nearest_longer_bucket_is_used_as_it_is()
    {
        // Buckets 4 (9..16 tokens) and 8 (129..256); a request in bucket 6 is 2 from both: the longer wins.
        var predictor = Filled(null, (new LatencyKey("fp8", 16), 300), (new LatencyKey("fp8", 256), 900));
        var p = Predict(predictor, new LatencyKey("fp8", 64));
        Assert.Equal(LatencySource.NearestLength, p.Source);
        Assert.InRange(p.ValueUs, 896, 904);
    }

    [Fact]
    public void A_shorter_bucket_is_doubled_per_bucket_of_difference()
    {
        var predictor = Filled(null, (new LatencyKey("fp8", 16), 300));
        var p = Predict(predictor, new LatencyKey("fp8", 64));
        Assert.Equal(LatencySource.NearestLength, p.Source);
        Assert.InRange(p.ValueUs, 4 * 300, 4 * 304);
    }

    [Fact]
    public void An_unseen_batch_scales_batch_one_by_its_size()
    {
        var predictor = Filled(null, (new LatencyKey("fp4", 64, 1), 400));
        var p = Predict(predictor, new LatencyKey("fp4", 64, 3));
        Assert.Equal(LatencySource.ScaledBatch, p.Source);
        Assert.InRange(p.ValueUs, 1200, 1212);
    }

    [Fact]
    public void The_seed_is_scaled_by_the_batch_size()
    {
        var predictor = new LatencyPredictor(Options, new FakeTimeProvider());
        var p = Predict(predictor, new LatencyKey("fp4", 64, 2), new LatencySeed(400, 450, 600));
        Assert.Equal(LatencySource.Seed, p.Source);
        Assert.InRange(p.ValueUs, 790, 810);
    }

    [Fact]
    public void Without_data_or_seed_there_is_no_prediction()
    {
        var predictor = Filled(null, (new LatencyKey("fp8", 64), 500));
        Assert.False(predictor.TryPredict(new LatencyKey("fp16", 64), 0.99, null, out _));
        Assert.False(predictor.TryEstimateWork(new LatencyKey("fp16", 64), null, out _));
        Assert.False(predictor.TryEstimateRemaining(new LatencyKey("fp16", 64), 10, null, out _));
    }

    [Fact]
    public void Live_data_overrides_the_seed_and_follows_a_change_in_load()
    {
        var clock = new FakeTimeProvider();
        var predictor = new LatencyPredictor(new LatencyPredictorOptions(halfLifeSamples: 100, minSamples: 10), clock);
        var key = new LatencyKey("fp16", 32);
        var seed = new LatencySeed(1000, 1100, 1400);
        foreach (double v in TestData.LogNormal(1000, 1000, 0.1, seed: 5))
        {
            predictor.Observe(key, v);
        }

        Assert.True(predictor.TryPredict(key, 0.99, seed, out var before));
        Assert.Equal(LatencySource.Exact, before.Source);
        Assert.InRange(before.ValueUs, 1150, 1350);

        // Contention doubles every service time; within a few half-lives p99 follows.
        foreach (double v in TestData.LogNormal(600, 2000, 0.1, seed: 6))
        {
            predictor.Observe(key, v);
        }

        Assert.True(predictor.TryPredict(key, 0.99, seed, out var after));
        Assert.InRange(after.ValueUs, 2300, 2700);
    }

    [Fact]
    public void Decay_by_time_uses_the_injected_clock()
    {
        var clock = new FakeTimeProvider();
        var predictor = new LatencyPredictor(
            new LatencyPredictorOptions(halfLifeSamples: double.PositiveInfinity, halfLifeTime: TimeSpan.FromSeconds(1), minSamples: 1),
            clock);
        var key = new LatencyKey("fp8");
        for (int i = 0; i < 100; i++)
        {
            predictor.Observe(key, 500);
        }

        clock.Advance(TimeSpan.FromSeconds(10));
        predictor.Observe(key, 900);
        Assert.True(predictor.TryPredict(key, 0.5, null, out var p));
        Assert.InRange(p.ValueUs, 896, 912);
    }

    [Fact]
    public void Work_estimate_is_the_mean_and_the_tail_equivalent_variance()
    {
        var options = new LatencyPredictorOptions(halfLifeSamples: double.PositiveInfinity, halfLifeTime: Timeout.InfiniteTimeSpan);
        var predictor = new LatencyPredictor(options, new FakeTimeProvider());
        var key = new LatencyKey("fp8");
        var values = TestData.LogNormal(5000, 650, 0.15, seed: 8);
        foreach (double v in values)
        {
            predictor.Observe(key, v);
        }

        Assert.True(predictor.TryEstimateWork(key, null, out var work));
        Assert.Equal(1, work.Count);
        Assert.Equal(values.Average(), work.MeanUs, 1e-6);
        Assert.True(predictor.TryPredict(key, 0.99, null, out var p99));
        Assert.Equal(p99.ValueUs, work.WaitUs(0.99), 1e-6);
    }

    [Fact]
    public void Remaining_work_shrinks_as_the_run_goes_on_and_vanishes_past_every_sample()
    {
        var predictor = Filled(null, (new LatencyKey("fp16"), 1000));
        Assert.True(predictor.TryEstimateRemaining(new LatencyKey("fp16"), 0, null, out var fresh));
        Assert.True(predictor.TryEstimateRemaining(new LatencyKey("fp16"), 600, null, out var half));
        Assert.True(predictor.TryEstimateRemaining(new LatencyKey("fp16"), 5000, null, out var over));
        Assert.InRange(fresh.MeanUs, 990, 1010);
        Assert.InRange(half.MeanUs, 390, 410);
        Assert.Equal(QueueLoad.Empty, over);
    }

    [Fact]
    public void Keys_beyond_the_configured_limits_are_rejected()
    {
        var predictor = new LatencyPredictor(Options, new FakeTimeProvider());
        Assert.Throws<ArgumentOutOfRangeException>(() => predictor.Observe(new LatencyKey("fp8", 2048), 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => predictor.Observe(new LatencyKey("fp8", 1, 9), 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => predictor.Observe(default, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => predictor.Observe(new LatencyKey("fp8"), double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => predictor.Observe(new LatencyKey("fp8"), -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => predictor.TryPredict(new LatencyKey("fp8"), 1, null, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyKey("fp8", 0));
    }

    [Fact]
    public void Options_validate_their_ranges()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyPredictorOptions(halfLifeSamples: 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyPredictorOptions(halfLifeTime: TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyPredictorOptions(minSamples: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyPredictorOptions(maxBatch: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyPredictorOptions(queueReferenceQuantile: 0.4));
        Assert.Equal(Timeout.InfiniteTimeSpan, new LatencyPredictorOptions(halfLifeTime: Timeout.InfiniteTimeSpan).HalfLifeTime);
    }

    [Fact]
    public void Summaries_list_every_cell_with_data()
    {
        var predictor = Filled(null, (new LatencyKey("fp8", 64), 500), (new LatencyKey("fp4", 3, 2), 700));
        var rows = predictor.Summarize();
        Assert.Equal(2, rows.Count);
        Assert.Equal(("fp4", 4, 2, 10L), (rows[0].Variant, rows[0].MaxTokens, rows[0].Batch, rows[0].Samples));
        Assert.Equal(("fp8", 64, 1), (rows[1].Variant, rows[1].MaxTokens, rows[1].Batch));
        Assert.InRange(rows[1].P99Us, 496, 504);
    }

    [Fact]
    public void Observing_and_predicting_allocate_nothing()
    {
        var predictor = Filled(null, (new LatencyKey("fp8", 64), 500), (new LatencyKey("fp4", 64), 400));
        var seed = new LatencySeed(300, 330, 400);
        var exact = new LatencyKey("fp8", 64);
        var nearest = new LatencyKey("fp4", 200, 4);
        var seeded = new LatencyKey("fp16", 64);
        double sink = 0;
        void Run()
        {
            for (int i = 0; i < 1000; i++)
            {
                predictor.Observe(exact, 500 + (i % 7));
                predictor.TryPredict(exact, 0.99, null, out var a);
                predictor.TryPredict(nearest, 0.99, null, out var b);
                predictor.TryPredict(seeded, 0.99, seed, out var c);
                predictor.TryEstimateWork(exact, null, out var w);
                predictor.TryEstimateRemaining(exact, 100, null, out var r);
                sink += a.ValueUs + b.ValueUs + c.ValueUs + w.MeanUs + r.MeanUs;
            }
        }

        Run();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sink > 0);
    }

    [Fact]
    public void Many_threads_observe_and_predict_at_once()
    {
        var predictor = new LatencyPredictor(Options, new FakeTimeProvider());
        var seed = new LatencySeed(500, 550, 600);
        var keys = Enumerable.Range(0, 8).Select(t => new LatencyKey(t % 2 == 0 ? "fp8" : "fp4", 1 + (t * 100), 1 + (t % 3))).ToArray();
        Parallel.For(0, keys.Length, t =>
        {
            for (int i = 0; i < 20_000; i++)
            {
                predictor.Observe(keys[t], 500);

                // Early on other threads' cells answer through the fallbacks, scaled; never garbage.
                Assert.True(predictor.TryPredict(keys[(t + i) % keys.Length], 0.99, seed, out var p));
                Assert.True(p.ValueUs > 0 && double.IsFinite(p.ValueUs));
            }
        });
        Assert.Equal(8, predictor.Summarize().Count);
        foreach (var key in keys)
        {
            Assert.True(predictor.TryPredict(key, 0.99, seed, out var p));
            Assert.Equal(LatencySource.Exact, p.Source);
            Assert.InRange(p.ValueUs, 496, 504);
        }
    }
}
