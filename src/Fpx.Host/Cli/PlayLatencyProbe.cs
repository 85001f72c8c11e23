using System.Diagnostics;

namespace Fpx.Host.Cli;

/// <summary>
/// Measures each variant's decision compute time once, before a virtual-clock run: a warm-up, then
/// interleaved timed decisions on the scenario's own observations. The virtual clock then charges
/// seeded draws from these samples, so a run is deterministic given the measurements.
/// </summary>
internal static class PlayLatencyProbe
{
    /// <summary>What the probe measured.</summary>
    /// <param name="SamplesUs">Per variant, its decision compute times, µs.</param>
    /// <param name="WarmupFirstUs">Mean decision time over the first 10% of the warm-up, µs (shows what the warm-up removed).</param>
    /// <param name="WarmupLastUs">Mean decision time over the last 10% of the warm-up, µs.</param>
    /// <param name="WarmupPasses">Decisions computed during the warm-up.</param>
    public sealed record Result(IReadOnlyDictionary<string, double[]> SamplesUs, double WarmupFirstUs, double WarmupLastUs, long WarmupPasses);

    /// <summary>
    /// Warms up for <paramref name="warmup"/> (tiered JIT compiles the kernels' final code only after
    /// the first second or so of calls; timing before that measures the compiler, at 2-3x the steady
    /// time), then times <paramref name="samplesPerVariant"/> decisions per variant. The variants take
    /// turns sample by sample, so a burst of load elsewhere on the machine spreads over all of them
    /// instead of landing on one.
    /// </summary>
    public static Result Measure(PlayEngine engine, IReadOnlyList<int[]> observations, TimeSpan warmup, int samplesPerVariant)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samplesPerVariant, 1);
        if (observations.Count == 0)
        {
            throw new ArgumentException("the probe needs at least one observation", nameof(observations));
        }
        int variants = engine.Model.Variants.Count;
        var warm = new List<(double At, double Us)>();
        var clock = Stopwatch.StartNew();
        for (long i = 0; clock.Elapsed < warmup; i++)
        {
            double us = engine.TimeOne((int)(i % variants), observations[(int)(i / variants % observations.Count)]);
            warm.Add((clock.Elapsed.TotalSeconds, us));
        }
        double total = clock.Elapsed.TotalSeconds;
        double first = MeanWhere(warm, w => w.At <= total * 0.1);
        double last = MeanWhere(warm, w => w.At >= total * 0.9);

        var samples = new double[variants][];
        for (int v = 0; v < variants; v++)
        {
            samples[v] = new double[samplesPerVariant];
        }
        for (int s = 0; s < samplesPerVariant; s++)
        {
            var observation = observations[s % observations.Count];
            for (int k = 0; k < variants; k++)
            {
                int v = (s + k) % variants;
                samples[v][s] = engine.TimeOne(v, observation);
            }
        }
        var byName = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (int v = 0; v < variants; v++)
        {
            byName[engine.Model.Variants[v].Name] = samples[v];
        }
        return new Result(byName, first, last, warm.Count);
    }

    private static double MeanWhere(List<(double At, double Us)> values, Func<(double At, double Us), bool> predicate)
    {
        var chosen = values.Where(predicate).Select(v => v.Us).ToList();
        return chosen.Count == 0 ? double.NaN : chosen.Average();
    }
}
