using System.Diagnostics;
using System.Runtime.Intrinsics.X86;

namespace Fpx.Engine.Threading;

public sealed partial class ComputePool
{
    /// <summary>One dedicated thread: spin on the job generation, park when idle too long.</summary>
    private sealed class Worker
    {
        private readonly ComputePool _pool;
        private readonly Thread _thread;
        private readonly SemaphoreSlim _wake = new(0);
        private int _parked;

        public Worker(ComputePool pool, int index)
        {
            _pool = pool;
            _thread = new Thread(Loop) { IsBackground = true, Name = $"fpx-compute-{index}" };
            _thread.Start();
        }

        /// <summary>Called after publishing a job: releases the worker if it parked.</summary>
        public void Wake()
        {
            if (Interlocked.Exchange(ref _parked, 0) == 1)
            {
                _wake.Release();
            }
        }

        public void Join() => _thread.Join();

        private void Loop()
        {
            long seen = Volatile.Read(ref _pool._state) >> 32;
            while (true)
            {
                seen = WaitForJob(seen);
                if (_pool._disposed)
                {
                    return;
                }
                _pool.RunChunks(seen);
            }
        }

        private long WaitForJob(long seen)
        {
            while (true)
            {
                long spinUntil = Stopwatch.GetTimestamp() + _pool._spinTicks;
                do
                {
                    for (int i = 0; i < 64; i++)
                    {
                        long generation = Volatile.Read(ref _pool._state) >> 32;
                        if (generation != seen)
                        {
                            return generation;
                        }
                        if (X86Base.IsSupported)
                        {
                            X86Base.Pause();
                        }
                        else
                        {
                            Thread.SpinWait(1);
                        }
                    }
                }
                while (Stopwatch.GetTimestamp() < spinUntil);

                // Park. Announce it first, then look once more so a job published in between is not missed.
                Volatile.Write(ref _parked, 1);
                long latest = Volatile.Read(ref _pool._state) >> 32;
                if (latest != seen)
                {
                    if (Interlocked.Exchange(ref _parked, 0) == 0)
                    {
                        _wake.Wait(); // the publisher saw us parked and released: consume it
                    }
                    return latest;
                }
                _wake.Wait();
            }
        }
    }
}
