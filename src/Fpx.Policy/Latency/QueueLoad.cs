namespace Fpx.Policy.Latency;

/// <summary>
/// The work in a queue, summarized so that it adds and subtracts: item count, sum of mean service
/// times and sum of tail-equivalent variances. A scheduler keeps one running total, adding an
/// item's load (from <see cref="LatencyPredictor.TryEstimateWork"/>) on enqueue and subtracting
/// it on dequeue, so predicting a wait never copies or walks the queue.
/// </summary>
/// <remarks>
/// The wait at quantile q is Σmean + z(q)·√Σvariance (a normal approximation of the sum of
/// independent service times), where each item's variance is tail-equivalent: ((Q_ref − mean) /
/// z(Q_ref))², the variance of the normal with the item's mean and reference quantile. For a
/// single item the wait at the reference quantile is therefore its reference quantile exactly;
/// for many, the excess over the mean grows as √n rather than n, as for sums of independent times.
/// <para>
/// In an earliest-deadline-first queue only items with earlier (or equal) deadlines are ahead of
/// a new request. A running total of the whole queue is an upper bound; a scheduler that can sum
/// the loads of the items with deadline ≤ the new one (stored with each item) gets the exact
/// prefix. Add the batch in service with <see cref="LatencyPredictor.TryEstimateRemaining"/>.
/// docs/decisions/0011-queue-wait-estimate.md has the reasoning.
/// </para>
/// </remarks>
public readonly record struct QueueLoad
{
    /// <summary>Creates a load.</summary>
    /// <param name="count">Items, ≥ 0.</param>
    /// <param name="meanUs">Sum of mean service times, µs, ≥ 0.</param>
    /// <param name="varianceUs2">Sum of tail-equivalent variances, µs², ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative or not finite.</exception>
    public QueueLoad(int count, double meanUs, double varianceUs2)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (!(meanUs >= 0 && double.IsFinite(meanUs)))
        {
            ThrowHelper.ThrowOutOfRange(nameof(meanUs), meanUs, "must be finite and >= 0");
        }

        if (!(varianceUs2 >= 0 && double.IsFinite(varianceUs2)))
        {
            ThrowHelper.ThrowOutOfRange(nameof(varianceUs2), varianceUs2, "must be finite and >= 0");
        }

        Count = count;
        MeanUs = meanUs;
        VarianceUs2 = varianceUs2;
    }

    /// <summary>No work.</summary>
    public static QueueLoad Empty => default;

    /// <summary>Items.</summary>
    public int Count { get; }

    /// <summary>Sum of mean service times, µs.</summary>
    public double MeanUs { get; }

    /// <summary>Sum of tail-equivalent variances, µs².</summary>
    public double VarianceUs2 { get; }

    /// <summary>Both loads together.</summary>
    /// <param name="a">One load.</param>
    /// <param name="b">Another.</param>
    /// <returns>The sum.</returns>
    public static QueueLoad operator +(QueueLoad a, QueueLoad b) =>
        Trusted(a.Count + b.Count, a.MeanUs + b.MeanUs, a.VarianceUs2 + b.VarianceUs2);

    /// <summary>
    /// <paramref name="a"/> without <paramref name="b"/>. Rounding drift of a long-running total is
    /// cut off: the result is never negative, and exactly <see cref="Empty"/> when no item is left.
    /// </summary>
    /// <param name="a">The total.</param>
    /// <param name="b">The part to remove.</param>
    /// <returns>The difference.</returns>
    public static QueueLoad operator -(QueueLoad a, QueueLoad b)
    {
        int count = a.Count - b.Count;
        return count <= 0
            ? Empty
            : Trusted(count, Math.Max(0, a.MeanUs - b.MeanUs), Math.Max(0, a.VarianceUs2 - b.VarianceUs2));
    }

    /// <summary>The time to work through this load at <paramref name="quantile"/>, µs (0 when empty).</summary>
    /// <param name="quantile">The planning quantile, in (0, 1).</param>
    /// <returns>Σmean + z(q)·√Σvariance, at least 0.</returns>
    public double WaitUs(double quantile)
    {
        if (Count == 0)
        {
            return 0;
        }

        if (!(quantile > 0 && quantile < 1))
        {
            ThrowHelper.ThrowOutOfRange(nameof(quantile), quantile, "must be in (0, 1)");
        }

        return Math.Max(0, MeanUs + (StandardNormal.Quantile(quantile) * Math.Sqrt(VarianceUs2)));
    }

    // Arithmetic on valid loads stays valid, so + and − skip the public constructor's checks.
    private static QueueLoad Trusted(int count, double meanUs, double varianceUs2) => new(meanUs, varianceUs2, count);

    private QueueLoad(double meanUs, double varianceUs2, int count)
    {
        Count = count;
        MeanUs = meanUs;
        VarianceUs2 = varianceUs2;
    }
}
