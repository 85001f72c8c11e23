using Fpx.Host.Backend;
using Fpx.Policy.Latency;

namespace Fpx.Host.Scheduling;

/// <summary>
/// Live latency figures the variant selector and the batcher plan with: per variant, the p99 of
/// recent pass times (a pass is one backend call, a batch of one or more requests), and the queue's
/// predicted work. Written by the compute thread only; read from any thread without locks
/// (each figure is one 64-bit value read with <see cref="Volatile"/>).
/// </summary>
/// <remarks>
/// All times are <see cref="TimeProvider.GetTimestamp"/> ticks. The p99 is recomputed every
/// <see cref="RecomputeEvery"/> samples from a ring of the last <see cref="Window"/> passes, so
/// a slowdown shows within a few dozen requests and an old spike ages out.
/// </remarks>
public sealed class LatencyEstimates
{
    /// <summary>Samples kept per variant.</summary>
    public const int Window = 256;

    /// <summary>How many new samples trigger a recomputation of the p99.</summary>
    public const int RecomputeEvery = 8;

    private readonly long[][] _rings;
    private readonly int[] _counts;
    private readonly long[] _p99;
    private readonly long[] _scratch = new long[Window];
    private readonly double _batchItemCost;
    private readonly Lock _loadGate = new();
    private long _pendingWork;
    private int _queued;
    private QueueLoad _pendingLoad;

    /// <summary>Creates empty estimates.</summary>
    /// <param name="variantCount">Number of variants.</param>
    /// <param name="batchItemCost">Cost of each extra batch item as a fraction of a single pass (0..1; 1 is linear, the conservative default).</param>
    public LatencyEstimates(int variantCount, double batchItemCost = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(variantCount, 1);
        if (batchItemCost is < 0 or > 1 || double.IsNaN(batchItemCost))
        {
            throw new ArgumentOutOfRangeException(nameof(batchItemCost), batchItemCost, "batchItemCost must be in [0, 1].");
        }

        _rings = new long[variantCount][];
        for (int i = 0; i < variantCount; i++)
        {
            _rings[i] = new long[Window];
        }

        _counts = new int[variantCount];
        _p99 = new long[variantCount];
        _batchItemCost = batchItemCost;
    }

    /// <summary>Number of variants.</summary>
    public int VariantCount => _p99.Length;

    /// <summary>The p99 of recent pass times of <paramref name="variant"/> (0 before any sample).</summary>
    /// <param name="variant">Variant index.</param>
    /// <returns>Timestamp ticks.</returns>
    public long P99(int variant) => Volatile.Read(ref _p99[variant]);

    /// <summary>Samples seen for <paramref name="variant"/>.</summary>
    /// <param name="variant">Variant index.</param>
    /// <returns>The count.</returns>
    public int SampleCount(int variant) => Volatile.Read(ref _counts[variant]);

    /// <summary>Predicted time of a pass of <paramref name="batchSize"/> requests: p99 × (1 + cost × (size − 1)).</summary>
    /// <param name="variant">Variant index.</param>
    /// <param name="batchSize">Requests in the pass.</param>
    /// <returns>Timestamp ticks.</returns>
    public long PredictPass(int variant, int batchSize)
    {
        long single = P99(variant);
        return batchSize <= 1 ? single : single + (long)(single * _batchItemCost * (batchSize - 1));
    }

    /// <summary>
    /// Predicted wait before a request admitted now starts: the predicted work of everything
    /// admitted and not finished yet (conservative: EDF may serve the new request earlier, and
    /// batching may serve the backlog faster).
    /// </summary>
    public long PendingWork => Math.Max(0, Volatile.Read(ref _pendingWork));

    /// <summary>Requests admitted and not finished.</summary>
    public int Queued => Volatile.Read(ref _queued);

    /// <summary>
    /// The load of everything admitted and not finished, as the policy sums it (Σ mean, Σ
    /// tail-equivalent variance; docs/decisions/0011-queue-wait-estimate.md): the queue wait at a
    /// quantile is <see cref="QueueLoad.WaitUs"/>. The whole backlog, so an upper bound of what
    /// an earliest-deadline-first queue puts ahead of a new request.
    /// </summary>
    public QueueLoad PendingLoad
    {
        get
        {
            lock (_loadGate)
            {
                return _pendingLoad;
            }
        }
    }

    /// <summary>Adds an admitted request's predicted work (any thread).</summary>
    /// <param name="ticks">Predicted compute ticks.</param>
    internal void Admit(long ticks) => Admit(ticks, QueueLoad.Empty);

    /// <summary>Adds an admitted request's predicted work and load (any thread).</summary>
    /// <param name="ticks">Predicted compute ticks.</param>
    /// <param name="work">Its load for <see cref="PendingLoad"/> (may be empty).</param>
    internal void Admit(long ticks, in QueueLoad work)
    {
        Interlocked.Add(ref _pendingWork, ticks);
        Interlocked.Increment(ref _queued);
        if (work.Count > 0)
        {
            lock (_loadGate)
            {
                _pendingLoad += work;
            }
        }
    }

    /// <summary>Removes a finished request's predicted work (any thread).</summary>
    /// <param name="ticks">The ticks given to <see cref="Admit(long)"/>.</param>
    internal void Finish(long ticks) => Finish(ticks, QueueLoad.Empty);

    /// <summary>Removes a finished request's predicted work and load (any thread).</summary>
    /// <param name="ticks">The ticks given to <see cref="Admit(long, in QueueLoad)"/>.</param>
    /// <param name="work">The load given to it.</param>
    internal void Finish(long ticks, in QueueLoad work)
    {
        Interlocked.Add(ref _pendingWork, -ticks);
        Interlocked.Decrement(ref _queued);
        if (work.Count > 0)
        {
            lock (_loadGate)
            {
                _pendingLoad -= work;
            }
        }
    }

    /// <summary>Records one pass (compute thread only).</summary>
    /// <param name="variant">Variant index.</param>
    /// <param name="ticks">The pass's wall time.</param>
    public void Record(int variant, long ticks)
    {
        int count = _counts[variant];
        _rings[variant][count % Window] = ticks;
        int seen = count == int.MaxValue ? Window : count + 1;
        Volatile.Write(ref _counts[variant], seen);
        if (seen <= RecomputeEvery || seen % RecomputeEvery == 0)
        {
            Recompute(variant, Math.Min(seen, Window));
        }
    }

    private void Recompute(int variant, int n)
    {
        Span<long> s = _scratch.AsSpan(0, n);
        _rings[variant].AsSpan(0, n).CopyTo(s);
        s.Sort();
        // Nearest rank: the smallest sample with at least 99% of samples at or below it.
        int rank = (int)Math.Ceiling(0.99 * n) - 1;
        Volatile.Write(ref _p99[variant], s[Math.Clamp(rank, 0, n - 1)]);
    }

    /// <summary>Per-variant figures for <c>stats</c>, in microseconds.</summary>
    /// <param name="variants">The backend's variants.</param>
    /// <param name="frequency">Timestamp ticks per second.</param>
    /// <returns>(name, p99 µs, samples) per variant.</returns>
    public IEnumerable<(string Name, double P99Us, int Samples)> Describe(IReadOnlyList<VariantInfo> variants, long frequency) =>
        variants.Select((v, i) => (v.Name, P99(i) * 1e6 / frequency, SampleCount(i)));
}
