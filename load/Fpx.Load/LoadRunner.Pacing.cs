namespace Fpx.Load;

// The pacing thread: merges every scenario's open-model arrivals by due time.
public sealed partial class LoadRunner
{
    /// <summary>Sends every open-model arrival at its due time; returns when the last was sent (or the run was stopped).</summary>
    private Task<long> PaceAsync(ScenarioRun[] runs, long start, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                done.SetResult(Pace(runs, start, cancellationToken));
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        { IsBackground = true, Name = "fpx-load-pacer" };
        thread.Start();
        return done.Task;
    }

    private long Pace(ScenarioRun[] runs, long start, CancellationToken cancellationToken)
    {
        long frequency = _time.TimestampFrequency;
        var queue = new PriorityQueue<(ScenarioRun Run, IEnumerator<double> Arrivals), long>();
        foreach (ScenarioRun run in runs)
        {
            IEnumerator<double> arrivals = ArrivalSchedule.Arrivals(run.Scenario.Simulations).GetEnumerator();
            if (arrivals.MoveNext())
            {
                queue.Enqueue((run, arrivals), start + (long)(arrivals.Current * frequency));
            }
        }

        while (queue.TryDequeue(out (ScenarioRun Run, IEnumerator<double> Arrivals) next, out long due))
        {
            if (!WaitUntil(due, cancellationToken))
            {
                break;
            }

            next.Run.Fire(due);
            if (next.Arrivals.MoveNext())
            {
                queue.Enqueue(next, start + (long)(next.Arrivals.Current * frequency));
            }
        }

        return _time.GetTimestamp();
    }

    /// <summary>Waits until <paramref name="due"/>; false when the run was stopped first.</summary>
    private bool WaitUntil(long due, CancellationToken cancellationToken)
    {
        long early;
        while ((early = due - _time.GetTimestamp()) > 0)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            if (_options.Pacing == Pacing.Coarse || early > _time.TimestampFrequency / 500)
            {
                Thread.Sleep(1); // more than 2 ms early (or coarse pacing): let the machine work
            }
            else
            {
                Thread.Yield();
            }
        }

        return !cancellationToken.IsCancellationRequested;
    }
}
