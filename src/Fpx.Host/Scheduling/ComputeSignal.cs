using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Fpx.Host.Scheduling;

/// <summary>
/// Wakes the idle compute thread when work arrives. Level-triggered: producers <see cref="Set"/>
/// after writing; the compute thread calls <see cref="PrepareWait"/>, re-checks for work, then
/// <see cref="Wait"/>s (which returns at once if a Set came in between).
/// </summary>
/// <remarks>
/// On Linux x64 this is one futex word: a wait is one <c>futex(FUTEX_WAIT)</c> and a wake one
/// <c>futex(FUTEX_WAKE)</c>, issued only while the compute thread is actually waiting. A
/// <see cref="ManualResetEventSlim"/> (the fallback elsewhere) also takes a lock around its
/// monitor on both sides: about 3.5 futex calls per request instead of 2 (decision 0020).
/// </remarks>
internal abstract partial class ComputeSignal : IDisposable
{
    public static ComputeSignal Create() =>
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64 ? new FutexSignal() : new EventSignal();

    public abstract void Set();

    public abstract void PrepareWait();

    public abstract void Wait(TimeSpan timeout);

    public abstract void Dispose();

    private sealed class EventSignal : ComputeSignal
    {
        private readonly ManualResetEventSlim _event = new(false, spinCount: 0);

        public override void Set() => _event.Set();

        public override void PrepareWait() => _event.Reset();

        public override void Wait(TimeSpan timeout) => _event.Wait(timeout);

        public override void Dispose() => _event.Dispose();
    }

    private sealed unsafe partial class FutexSignal : ComputeSignal
    {
        private const long SysFutex = 202; // x86_64
        private const int FutexWaitPrivate = 0 | 128;
        private const int FutexWakePrivate = 1 | 128;

        // The kernel keys a futex by address, so the word must not move: it lives in an array on
        // the pinned object heap. Not in native memory freed by Dispose: a producer's late Set
        // (or the compute thread's last PrepareWait) after Dispose then wrote into a freed 4-byte
        // malloc chunk, and the test host died with "malloc(): unaligned tcache chunk detected".
        // The array lives as long as this object, so no call on it can touch freed memory.
        private readonly int[] _cell = GC.AllocateArray<int>(1, pinned: true);
        private readonly int* _word;
        private int _waiting;

        public FutexSignal() => _word = (int*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_cell));

        public override void Set()
        {
            Volatile.Write(ref *_word, 1);
            if (Volatile.Read(ref _waiting) != 0)
            {
                Syscall(SysFutex, _word, FutexWakePrivate, 1, null);
            }
        }

        public override void PrepareWait()
        {
            Volatile.Write(ref _waiting, 1);
            Interlocked.Exchange(ref *_word, 0); // a full fence: the caller's re-check happens after this
        }

        public override void Wait(TimeSpan timeout)
        {
            var ts = new TimeSpec { Seconds = (long)timeout.TotalSeconds, Nanoseconds = (long)(timeout.Ticks % TimeSpan.TicksPerSecond * 100) };
            // Returns at once (EAGAIN) when the word is no longer 0, i.e. a Set came after PrepareWait.
            Syscall(SysFutex, _word, FutexWaitPrivate, 0, &ts);
            Volatile.Write(ref _waiting, 0);
        }

        public override void Dispose()
        {
            // Nothing to free (see _cell); the pinned array goes with this object.
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }

        [LibraryImport("libc", EntryPoint = "syscall")]
        private static partial long Syscall(long number, int* address, int operation, int value, TimeSpec* timeout);
    }
}
