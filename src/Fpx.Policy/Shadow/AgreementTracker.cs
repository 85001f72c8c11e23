using System.Collections.Concurrent;
using Fpx.Policy.Profiles;

namespace Fpx.Policy.Shadow;

/// <summary>
/// Live agreement rate per (task, variant) from shadow comparisons, decayed so that it follows
/// drift: rate = Σ dᵏ·agreedₖ / Σ dᵏ with d = 2^(−1/half-life), k counting back from the newest.
/// Thread-safe; recording into a known (task, variant) allocates nothing.
/// </summary>
public sealed class AgreementTracker
{
    private readonly ConcurrentDictionary<(string Task, string Variant), Entry> _entries = new();
    private readonly double _decay;

    /// <summary>Creates a tracker.</summary>
    /// <param name="halfLifeSamples">Comparisons after which an old one counts half (≥ 1; default 256).</param>
    public AgreementTracker(double halfLifeSamples = 256)
    {
        if (!(halfLifeSamples >= 1))
        {
            ThrowHelper.ThrowOutOfRange(nameof(halfLifeSamples), halfLifeSamples, "must be >= 1");
        }

        HalfLifeSamples = halfLifeSamples;
        _decay = double.Exp2(-1 / halfLifeSamples);
    }

    /// <summary>Comparisons after which an old one counts half.</summary>
    public double HalfLifeSamples { get; }

    /// <summary>Records one shadow comparison.</summary>
    /// <param name="task">Task name.</param>
    /// <param name="variant">The variant that served the request.</param>
    /// <param name="agreed">Whether its action equals the reference variant's.</param>
    public void Record(string task, string variant, bool agreed)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(variant);
        var entry = _entries.GetOrAdd((task, variant), static _ => new Entry());
        lock (entry.Gate)
        {
            entry.Agreed = (entry.Agreed * _decay) + (agreed ? 1 : 0);
            entry.Weight = (entry.Weight * _decay) + 1;
            entry.Samples++;
        }
    }

    /// <summary>The live agreement of <paramref name="variant"/> on <paramref name="task"/>.</summary>
    /// <param name="task">Task name.</param>
    /// <param name="variant">Variant name.</param>
    /// <param name="stats">The rate and the weight behind it.</param>
    /// <returns>False before the first comparison.</returns>
    public bool TryGet(string task, string variant, out AgreementStats stats)
    {
        if (_entries.TryGetValue((task, variant), out var entry))
        {
            lock (entry.Gate)
            {
                stats = new AgreementStats(entry.Agreed / entry.Weight, entry.Weight, entry.Samples);
                return true;
            }
        }

        stats = default;
        return false;
    }

    /// <summary>Profiled quality next to live agreement for every variant of <paramref name="profile"/>, in profile order.</summary>
    /// <param name="profile">The task's profile.</param>
    /// <returns>One row per variant.</returns>
    public IReadOnlyList<QualityComparison> Compare(TaskProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var rows = new List<QualityComparison>(profile.VariantNames.Length);
        foreach (string name in profile.VariantNames)
        {
            profile.TryGetVariant(name, out var variant);
            AgreementStats? live = TryGet(profile.Task, name, out var stats) ? stats : null;
            rows.Add(new QualityComparison(name, variant!.Quality, variant.Agreement, live));
        }

        return rows;
    }

    private sealed class Entry
    {
        public readonly Lock Gate = new();
        public double Agreed;
        public double Weight;
        public long Samples;
    }
}
