namespace Fpx.Host.Scheduling;

/// <summary>
/// A bounded pool of <see cref="Job"/>s shared by all connections. A lock around an array stack:
/// rent and return are a few nanoseconds uncontended, and nothing allocates once the pool has
/// grown to the number of requests in flight.
/// </summary>
internal sealed class JobPool
{
    private readonly Job[] _items;
    private readonly Lock _lock = new();
    private int _count;

    public JobPool(int capacity) => _items = new Job[capacity];

    public Job Rent()
    {
        lock (_lock)
        {
            if (_count > 0)
            {
                Job job = _items[--_count];
                _items[_count] = null!;
                return job;
            }
        }

        return new Job();
    }

    public void Return(Job job)
    {
        job.Reset();
        lock (_lock)
        {
            if (_count < _items.Length)
            {
                _items[_count++] = job;
            }
        }
    }
}
