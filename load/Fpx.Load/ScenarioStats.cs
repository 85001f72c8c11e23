namespace Fpx.Load;

/// <summary>
/// What one scenario measured. Latency is from each request's due time (open model) or send time
/// (closed model) to its answer, over every request that was sent, failures included; a request
/// unanswered at the end of the drain counts with the time it had waited by then.
/// </summary>
public sealed class ScenarioStats
{
    internal ScenarioStats(
        string name,
        double durationSeconds,
        long ok,
        IReadOnlyDictionary<string, long> failedByCode,
        LatencyHistogram latency,
        HostTimes host,
        long decisions,
        long deadlineMissed,
        IReadOnlyList<VariantStats> variants,
        IReadOnlyList<TimelinePoint> timeline,
        TimeSpan timelineInterval)
    {
        Name = name;
        DurationSeconds = durationSeconds;
        Ok = ok;
        FailedByCode = failedByCode;
        Failed = failedByCode.Values.Sum();
        Latency = latency;
        Service = host.Service;
        Overhead = host.Overhead;
        Queue = host.Queue;
        HostOverhead = host.HostOverhead;
        Decisions = decisions;
        DeadlineMissed = deadlineMissed;
        Variants = variants;
        Timeline = timeline;
        TimelineInterval = timelineInterval;
    }

    /// <summary>The scenario's name.</summary>
    public string Name { get; }

    /// <summary>How long the scenario's load ran, in seconds (its phases, or less if stopped early).</summary>
    public double DurationSeconds { get; }

    /// <summary>Requests: every arrival due (sent or not) and every closed-model iteration.</summary>
    public long Requests => Ok + Failed;

    /// <summary>Successes.</summary>
    public long Ok { get; }

    /// <summary>Failures.</summary>
    public long Failed { get; }

    /// <summary>Failures by error code (host, client or tool codes), sorted by code.</summary>
    public IReadOnlyDictionary<string, long> FailedByCode { get; }

    /// <summary>Failures over requests (0 when there were none).</summary>
    public double FailRate => Requests == 0 ? 0 : Failed / (double)Requests;

    /// <summary>Throughput: requests answered (ok or failed, not counting <see cref="LoadCodes.NotSent"/>) per second of the load.</summary>
    public double Rps => DurationSeconds <= 0 ? 0 : (Requests - FailedByCode.GetValueOrDefault(LoadCodes.NotSent)) / DurationSeconds;

    /// <summary>Successes per second of the load.</summary>
    public double OkRps => DurationSeconds <= 0 ? 0 : Ok / DurationSeconds;

    /// <summary>Latency from due time (or send time, closed model), µs.</summary>
    public LatencyHistogram Latency { get; }

    /// <summary>For <c>decide</c> answers: µs from the actual send to the answer.</summary>
    public LatencyHistogram Service { get; }

    /// <summary>For <c>decide</c> answers: service time minus the host's compute, µs (host and network cost as the client sees it).</summary>
    public LatencyHistogram Overhead { get; }

    /// <summary>For <c>decide</c> answers: the host's queue time, µs.</summary>
    public LatencyHistogram Queue { get; }

    /// <summary>For <c>decide</c> answers: <c>host_us − compute_us</c>, µs.</summary>
    public LatencyHistogram HostOverhead { get; }

    /// <summary>Successes that carried a deadline verdict.</summary>
    public long Decisions { get; }

    /// <summary>Of those, answers written after their deadline.</summary>
    public long DeadlineMissed { get; }

    /// <summary>Deadline misses over decisions (0 when none). Failures such as <c>expired</c> are not here but in <see cref="FailRate"/>.</summary>
    public double DeadlineMissRate => Decisions == 0 ? 0 : DeadlineMissed / (double)Decisions;

    /// <summary>Per variant that answered, by name.</summary>
    public IReadOnlyList<VariantStats> Variants { get; }

    /// <summary>The timeline, one point per <see cref="TimelineInterval"/> from the run's start.</summary>
    public IReadOnlyList<TimelinePoint> Timeline { get; }

    /// <summary>The timeline's resolution.</summary>
    public TimeSpan TimelineInterval { get; }

    /// <summary>
    /// Recovery time after a disturbance that ended at <paramref name="afterSeconds"/> (run time): the
    /// time from then to the start of the first timeline interval from which every interval that
    /// saw requests is <paramref name="isNormal"/>. 0 when the scenario was never disturbed after
    /// it; NaN when it never recovered. Resolution: <see cref="TimelineInterval"/>.
    /// </summary>
    /// <param name="afterSeconds">When the disturbance ended, in seconds from the run's start.</param>
    /// <param name="isNormal">What a normal interval looks like (e.g. no failures and p99 under a limit).</param>
    /// <returns>Seconds.</returns>
    public double RecoverySeconds(double afterSeconds, Func<TimelinePoint, bool> isNormal)
    {
        ArgumentNullException.ThrowIfNull(isNormal);
        double interval = TimelineInterval.TotalSeconds;
        TimelinePoint[] later = [.. Timeline.Where(p => p.StartSeconds + interval > afterSeconds && p.Requests > 0)];
        int lastBad = Array.FindLastIndex(later, p => !isNormal(p));
        if (lastBad < 0)
        {
            return 0;
        }

        return lastBad == later.Length - 1 ? double.NaN : Math.Max(0, later[lastBad + 1].StartSeconds - afterSeconds);
    }

    /// <summary>Latency at quantile q (0..1), µs; NaN when nothing was sent.</summary>
    /// <param name="q">The quantile.</param>
    /// <returns>µs.</returns>
    public double Percentile(double q) => Latency.Percentile(q);

    /// <summary>The host-side histograms of <c>decide</c> answers.</summary>
    internal sealed record HostTimes(LatencyHistogram Service, LatencyHistogram Overhead, LatencyHistogram Queue, LatencyHistogram HostOverhead);
}

/// <summary>What the answers of one variant measured.</summary>
/// <param name="Name">The variant.</param>
/// <param name="Requests">Successes it computed.</param>
/// <param name="DeadlineMissed">Of those, answers after the deadline.</param>
/// <param name="Latency">Their latency (from due time), µs.</param>
public sealed record VariantStats(string Name, long Requests, long DeadlineMissed, LatencyHistogram Latency)
{
    /// <summary>Deadline misses over its requests.</summary>
    public double DeadlineMissRate => Requests == 0 ? 0 : DeadlineMissed / (double)Requests;
}
