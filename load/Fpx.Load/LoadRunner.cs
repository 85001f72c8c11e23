using System.Runtime.CompilerServices;

namespace Fpx.Load;

/// <summary>
/// Runs scenarios side by side. Open-model arrivals of every scenario are sent from one pacing
/// thread at their due times, whether or not earlier requests were answered, and their latency
/// is measured from the due time (no coordinated omission); closed-model copies loop on the thread
/// pool. The run ends by itself: after the longest scenario's phases, answers are awaited up to
/// <see cref="LoadRunOptions.DrainTimeout"/>, then the rest are counted as
/// <see cref="LoadCodes.NoResponse"/> and their steps cancelled. Every request is counted once.
/// </summary>
public sealed partial class LoadRunner
{
    private readonly LoadRunOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates a runner.</summary>
    /// <param name="options">Settings; defaults when null.</param>
    public LoadRunner(LoadRunOptions? options = null)
    {
        _options = options ?? new LoadRunOptions();
        _time = _options.TimeProvider;
    }

    /// <summary>Runs the scenarios.</summary>
    /// <param name="scenarios">At least one, with distinct names, each with phases.</param>
    /// <returns>The report.</returns>
    public Task<LoadReport> RunAsync(params Scenario[] scenarios) => RunAsync(scenarios, CancellationToken.None);

    /// <summary>Runs the scenarios.</summary>
    /// <param name="scenarios">At least one, with distinct names, each with phases.</param>
    /// <param name="cancellationToken">Stops starting requests early; outstanding ones are still awaited up to the drain timeout.</param>
    /// <returns>The report.</returns>
    public async Task<LoadReport> RunAsync(IReadOnlyList<Scenario> scenarios, CancellationToken cancellationToken = default)
    {
        Validate(scenarios);
        EnsureThreadPoolFloor();
        await WarmUpAsync(scenarios, cancellationToken).ConfigureAwait(false);
        long frequency = _time.TimestampFrequency;
        DateTimeOffset startedAt = _time.GetUtcNow();
        long start = _time.GetTimestamp();
        TimeSpan longest = scenarios.Max(s => s.Duration);
        TimeSpan span = longest + _options.DrainTimeout;
        using var steps = new CancellationTokenSource();
        ScenarioRun[] runs = [.. scenarios.Select(s => new ScenarioRun(this, s, new ScenarioRecorder(s.Name, start, frequency, _options.TimelineInterval, span), steps.Token))];
        using ITimer? progress = _options.Progress is null ? null : _time.CreateTimer(_ => ReportProgress(runs, start, longest), null, _options.ProgressInterval, _options.ProgressInterval);

        List<Task> closed = [.. runs.SelectMany(r => r.StartClosedLoops(start, cancellationToken))];
        long stoppedAt = await PaceAsync(runs, start, cancellationToken).ConfigureAwait(false);
        long plannedEnd = start + Ticks(longest);
        long drainUntil = Math.Max(_time.GetTimestamp(), cancellationToken.IsCancellationRequested ? stoppedAt : plannedEnd) + Ticks(_options.DrainTimeout);
        await WaitAsync(Task.WhenAll(closed), drainUntil).ConfigureAwait(false);
        while (runs.Any(r => r.Outstanding > 0) && _time.GetTimestamp() < drainUntil)
        {
            await Task.Delay(1, CancellationToken.None).ConfigureAwait(false);
        }

        long end = _time.GetTimestamp();
        foreach (ScenarioRun run in runs)
        {
            run.GiveUp(end);
        }

        await steps.CancelAsync().ConfigureAwait(false); // tells the clients to cancel what was given up
        double ranSeconds = cancellationToken.IsCancellationRequested ? (stoppedAt - start) / (double)frequency : double.PositiveInfinity;
        return new LoadReport(
            startedAt,
            (end - start) / (double)frequency,
            [.. runs.Select(r => r.Recorder.ToStats(Math.Min(r.Scenario.Duration.TotalSeconds, ranSeconds)))]);
    }

    /// <summary>
    /// Raises the thread pool's minimum to 16 threads (never lowers it), as the host does (decision
    /// 0020): closed-model copies and answer continuations run on the pool, which starts with 2
    /// threads on this machine and grows about one per 0.5-1 s; two copies once sent 2 requests in
    /// a whole second while other work held the pool's threads.
    /// </summary>
    private static void EnsureThreadPoolFloor()
    {
        const int Floor = 16;
        ThreadPool.GetMinThreads(out int workers, out int io);
        if (workers < Floor || io < Floor)
        {
            ThreadPool.SetMinThreads(Math.Max(workers, Floor), Math.Max(io, Floor));
        }
    }

    /// <summary>Each scenario's warm-up requests, one at a time, all scenarios within one drain timeout; nothing is recorded.</summary>
    private async Task WarmUpAsync(IReadOnlyList<Scenario> scenarios, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.DrainTimeout);
        foreach (Scenario scenario in scenarios)
        {
            for (int i = 0; i < scenario.WarmUpRequests && !timeout.IsCancellationRequested; i++)
            {
                try
                {
                    await scenario.Step(new StepContext(scenario.Name, -1 - i, 0, timeout.Token)).AsTask().WaitAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || timeout.IsCancellationRequested)
                {
                    // A failing warm-up is not the run's business: the run itself will count failures.
                }
            }
        }
    }

    private static void Validate(IReadOnlyList<Scenario> scenarios)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        if (scenarios.Count == 0 || scenarios.Any(s => s is null))
        {
            throw new ArgumentException("Give at least one scenario, none null.", nameof(scenarios));
        }

        if (scenarios.Any(s => s.Simulations.Count == 0))
        {
            throw new ArgumentException($"Scenario '{scenarios.First(s => s.Simulations.Count == 0).Name}' has no load phases (Scenario.WithLoad).", nameof(scenarios));
        }

        if (scenarios.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count() != scenarios.Count)
        {
            throw new ArgumentException("Scenario names must be distinct.", nameof(scenarios));
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private async Task WaitAsync(Task task, long until)
    {
        long left = until - _time.GetTimestamp();
        if (left > 0)
        {
            try
            {
                await task.WaitAsync(TimeSpan.FromSeconds(left / (double)_time.TimestampFrequency), _time).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Copies still waiting for an answer: counted as no_response below.
            }
        }
    }

    private void ReportProgress(ScenarioRun[] runs, long start, TimeSpan longest)
    {
        try
        {
            _options.Progress!(new LoadProgress(
                _time.GetElapsedTime(start).TotalSeconds,
                longest.TotalSeconds,
                [.. runs.Select(r => new ScenarioProgress(r.Scenario.Name, r.Recorder.Count, r.Recorder.OkCount, r.Outstanding, r.Recorder.Latency.Percentile(0.99)))]));
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // A progress display that cannot write must not stop the run.
        }
    }

    /// <summary>One request in flight: whoever finishes it first (its answer, or the end of the drain) records it, once.</summary>
    private sealed class Call(ScenarioRun run, long due)
    {
        private int _finished;

        public readonly long Due = due;
        public long Sent;
        public ValueTaskAwaiter<StepResult> Awaiter;

        public void OnCompleted()
        {
            long now = run.Runner._time.GetTimestamp();
            StepResult result;
            try
            {
                result = Awaiter.GetResult();
            }
            catch (Exception e)
            {
                result = StepResult.FromException(e);
            }

            run.Finish(this, result, now);
        }

        public bool TryFinish() => Interlocked.Exchange(ref _finished, 1) == 0;
    }
}
