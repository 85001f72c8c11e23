using FsCheck;
using FsCheck.Fluent;
using Fpx.Host.Scheduling;

namespace Fpx.Host.Tests.Scheduling;

public class EdfQueueTests
{
    [Fact]
    public void Pops_in_deadline_order_then_arrival_order()
    {
        Prop.ForAll(Gen.Choose(0, 50).ArrayOf().ToArbitrary(), deadlines =>
        {
            var queue = new EdfQueue(2);
            for (int i = 0; i < deadlines.Length; i++)
            {
                queue.Push(new Job { Deadline = deadlines[i], ReceivedAt = i });
            }

            var popped = new List<(long Deadline, long Arrival)>();
            while (queue.Count > 0)
            {
                Job job = queue.Pop();
                popped.Add((job.Deadline, job.ReceivedAt));
            }

            return popped.SequenceEqual(popped.OrderBy(p => p.Deadline).ThenBy(p => p.Arrival)) && popped.Count == deadlines.Length;
        }).Check(Config.QuickThrowOnFailure.WithQuietOnSuccess(true)); // quiet: CLI tests capture Console in this process
    }
}
