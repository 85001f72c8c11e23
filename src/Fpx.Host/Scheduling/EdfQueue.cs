namespace Fpx.Host.Scheduling;

/// <summary>
/// Earliest-deadline-first queue of jobs: a binary min-heap on <see cref="Job.Deadline"/>
/// (ties by arrival). Compute thread only. Grows by doubling, so it stops allocating once it
/// has held the largest backlog.
/// </summary>
internal sealed class EdfQueue
{
    private Job[] _heap;

    public EdfQueue(int capacity) => _heap = new Job[Math.Max(capacity, 4)];

    public int Count { get; private set; }

    public Job Peek() => _heap[0];

    public void Push(Job job)
    {
        if (Count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }

        int i = Count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Before(job, _heap[parent]))
            {
                break;
            }

            Place(_heap[parent], i);
            i = parent;
        }

        Place(job, i);
    }

    public Job Pop()
    {
        Job top = _heap[0];
        Job last = _heap[--Count];
        _heap[Count] = null!;
        if (Count > 0)
        {
            int i = 0;
            while (true)
            {
                int child = (2 * i) + 1;
                if (child >= Count)
                {
                    break;
                }

                if (child + 1 < Count && Before(_heap[child + 1], _heap[child]))
                {
                    child++;
                }

                if (!Before(_heap[child], last))
                {
                    break;
                }

                Place(_heap[child], i);
                i = child;
            }

            Place(last, i);
        }

        top.HeapIndex = -1;
        return top;
    }

    private static bool Before(Job a, Job b) =>
        a.Deadline < b.Deadline || (a.Deadline == b.Deadline && a.ReceivedAt < b.ReceivedAt);

    private void Place(Job job, int index)
    {
        _heap[index] = job;
        job.HeapIndex = index;
    }
}
