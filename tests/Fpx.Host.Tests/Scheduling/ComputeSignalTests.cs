using System.Runtime.InteropServices;
using Fpx.Host.Scheduling;

namespace Fpx.Host.Tests.Scheduling;

public class ComputeSignalTests
{
    [Fact]
    public void A_wait_returns_at_once_when_a_set_came_after_prepare()
    {
        using var signal = ComputeSignal.Create();
        signal.PrepareWait();
        signal.Set();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        signal.Wait(TimeSpan.FromSeconds(5));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"waited {clock.Elapsed}");
    }

    [Fact]
    public async Task A_set_from_another_thread_wakes_the_waiter()
    {
        using var signal = ComputeSignal.Create();
        signal.PrepareWait();
        var waiter = Task.Factory.StartNew(() => signal.Wait(TimeSpan.FromSeconds(10)), TaskCreationOptions.LongRunning);
        await Task.Delay(50);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        signal.Set();
        await waiter.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"woke after {clock.Elapsed}");
    }

    /// <summary>
    /// Producers may still call Set while the host shuts the scheduler down. The futex word used to
    /// be native memory freed by Dispose, and such a late Set corrupted the allocator's free list
    /// (the test host died with "malloc(): unaligned tcache chunk detected"). A late Set, PrepareWait
    /// or Wait must touch nothing freed: small allocations afterwards keep working.
    /// </summary>
    [Fact]
    public void Calls_after_dispose_touch_no_freed_memory()
    {
        for (int round = 0; round < 1000; round++)
        {
            var signal = ComputeSignal.Create();
            signal.Dispose();
            signal.Set();
            signal.PrepareWait();
            signal.Set();
            signal.Wait(TimeSpan.Zero);
            IntPtr a = Marshal.AllocHGlobal(sizeof(int));
            IntPtr b = Marshal.AllocHGlobal(sizeof(int));
            Marshal.FreeHGlobal(a);
            Marshal.FreeHGlobal(b);
        }
    }
}
