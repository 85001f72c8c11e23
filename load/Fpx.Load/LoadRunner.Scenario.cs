namespace Fpx.Load;

// One scenario's state in a run: its recorder, outstanding requests, closed-model copies.
public sealed partial class LoadRunner
{
    private sealed class ScenarioRun(LoadRunner runner, Scenario scenario, ScenarioRecorder recorder, CancellationToken steps)
    {
        private readonly HashSet<Call> _inFlight = [];
        private readonly Lock _lock = new();
        private long _outstanding;
        private long _invocations;

        public LoadRunner Runner => runner;

        public Scenario Scenario => scenario;

        public ScenarioRecorder Recorder => recorder;

        public long Outstanding => Interlocked.Read(ref _outstanding);

        /// <summary>An open-model arrival, on the pacing thread: sent unless the cap is reached.</summary>
        public void Fire(long due)
        {
            if (Interlocked.Read(ref _outstanding) >= scenario.MaxOutstanding)
            {
                recorder.RecordNotSent(due);
                return;
            }

            var call = new Call(this, due);
            Begin(call);
            try
            {
                call.Awaiter = scenario.Step(new StepContext(scenario.Name, Interlocked.Increment(ref _invocations) - 1, -1, steps)).GetAwaiter();
            }
            catch (Exception e)
            {
                Finish(call, StepResult.FromException(e), runner._time.GetTimestamp());
                return;
            }

            if (call.Awaiter.IsCompleted)
            {
                call.OnCompleted();
            }
            else
            {
                call.Awaiter.UnsafeOnCompleted(call.OnCompleted);
            }
        }

        private void Begin(Call call)
        {
            Interlocked.Increment(ref _outstanding);
            lock (_lock)
            {
                _inFlight.Add(call);
            }

            call.Sent = runner._time.GetTimestamp();
        }

        /// <summary>Records a call once; false when the drain already gave up on it.</summary>
        public bool Finish(Call call, in StepResult result, long now)
        {
            if (!call.TryFinish())
            {
                return false;
            }

            lock (_lock)
            {
                _inFlight.Remove(call);
            }

            Interlocked.Decrement(ref _outstanding);
            recorder.Record(call.Due, call.Sent, now, result);
            return true;
        }

        /// <summary>End of the drain: what is still outstanding counts as no_response, with the wait so far as its latency.</summary>
        public void GiveUp(long now)
        {
            Call[] left;
            lock (_lock)
            {
                left = [.. _inFlight];
                _inFlight.Clear();
            }

            foreach (Call call in left)
            {
                if (call.TryFinish())
                {
                    Interlocked.Decrement(ref _outstanding);
                    recorder.RecordNoResponse(call.Due, now);
                }
            }
        }

        public IEnumerable<Task> StartClosedLoops(long start, CancellationToken stop)
        {
            long frequency = runner._time.TimestampFrequency;
            foreach ((double offset, double length, int copies, TimeSpan think) in ArrivalSchedule.ClosedPhases(scenario.Simulations))
            {
                long from = start + (long)(offset * frequency), until = start + (long)((offset + length) * frequency);
                for (int copy = 0; copy < copies; copy++)
                {
                    int c = copy;
                    yield return Task.Run(() => CopyLoopAsync(c, from, until, think, stop), CancellationToken.None);
                }
            }
        }

        /// <summary>A closed-model copy: each request starts when the last was answered; latency is from its send.</summary>
        private async Task CopyLoopAsync(int copy, long from, long until, TimeSpan think, CancellationToken stop)
        {
            TimeProvider time = runner._time;
            long wait = from - time.GetTimestamp();
            if (wait > 0)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(wait / (double)time.TimestampFrequency), time, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return; // stopped before the phase began
                }
            }

            while (!stop.IsCancellationRequested && time.GetTimestamp() < until)
            {
                var call = new Call(this, time.GetTimestamp());
                Begin(call);
                StepResult result;
                try
                {
                    result = await scenario.Step(new StepContext(scenario.Name, Interlocked.Increment(ref _invocations) - 1, copy, steps)).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    result = StepResult.FromException(e);
                }

                if (!Finish(call, result, time.GetTimestamp()))
                {
                    return; // given up by the drain
                }

                if (think > TimeSpan.Zero && time.GetTimestamp() < until)
                {
                    try
                    {
                        await Task.Delay(think, time, stop).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }
        }
    }
}
