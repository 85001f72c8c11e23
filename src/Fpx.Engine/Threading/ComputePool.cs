using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Fpx.Engine.Kernels;

namespace Fpx.Engine.Threading;

/// <summary>
/// A persistent pool for splitting one matrix product over the cores. The rows are cut into
/// chunks that the calling thread and dedicated workers claim one at a time, so a worker that the
/// operating system has not scheduled (2 cores, shared with I/O threads) delays nothing: the caller
/// claims its chunks too. Workers spin for a while after each job, so back-to-back products (a
/// forward pass is dozens of them) start within a microsecond, then park so an idle service burns
/// no CPU. Nothing is allocated per job. One job runs at a time; concurrent callers take turns.
/// </summary>
public sealed partial class ComputePool : IDisposable
{
    /// <summary>Chunks per participating thread: enough to balance a late worker, few enough to keep claims cheap.</summary>
    private const int ChunksPerThread = 4;

    private readonly Worker[] _workers;
    private readonly object _runLock = new();
    private readonly long _spinTicks;
    private MatMulArgs _args;
    private RowRangeKernel? _kernel;
    private int _rows;
    private int _rowAlign;
    private int _chunks;

    /// <summary>Job generation in the high 32 bits, next unclaimed chunk in the low 32. One CAS claims a chunk of the current job only.</summary>
    private long _state;
    private long _generation;
    private int _remaining;
    private ExceptionDispatchInfo? _failure;
    private volatile bool _disposed;

    /// <summary>Creates a pool that uses <paramref name="threads"/> threads in all, the caller included.</summary>
    /// <param name="threads">1 or more; 1 runs everything on the caller.</param>
    /// <param name="spin">How long an idle worker spins before parking; default 200 microseconds.</param>
    public ComputePool(int threads, TimeSpan? spin = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(threads, 256);
        Threads = threads;
        _spinTicks = (long)((spin ?? TimeSpan.FromMicroseconds(200)).TotalSeconds * Stopwatch.Frequency);
        _workers = new Worker[threads - 1];
        for (int i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new Worker(this, i + 1);
        }
    }

    /// <summary>A pool over every core of the machine, created on first use.</summary>
    public static ComputePool Shared => SharedHolder.Instance;

    /// <summary>Threads that share a job, the caller included.</summary>
    public int Threads { get; }

    /// <summary>
    /// Runs <paramref name="kernel"/> over rows [0, <paramref name="rows"/>) with up to
    /// <paramref name="parts"/> threads; chunks are multiples of <paramref name="rowAlign"/> rows.
    /// </summary>
    internal void Run(RowRangeKernel kernel, ref MatMulArgs args, int rows, int rowAlign, int parts)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        parts = Math.Clamp(parts, 1, Threads);
        int units = (rows + rowAlign - 1) / rowAlign;
        int chunks = Math.Min(units, parts * ChunksPerThread);
        if (parts == 1 || chunks < 2)
        {
            kernel(ref args, 0, rows);
            return;
        }
        lock (_runLock)
        {
            _args = args;
            _kernel = kernel;
            _rows = rows;
            _rowAlign = rowAlign;
            _chunks = chunks;
            _failure = null;
            _remaining = chunks;
            long generation = ++_generation;
            Volatile.Write(ref _state, generation << 32); // publishes everything written above
            for (int i = 0; i < parts - 1; i++)
            {
                _workers[i].Wake();
            }

            RunChunks(generation);

            var spinner = new SpinWait();
            while (Volatile.Read(ref _remaining) != 0)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }
            _kernel = null;
            _failure?.Throw();
        }
    }

    /// <summary>Claims and runs chunks of job <paramref name="generation"/> until none is left.</summary>
    private void RunChunks(long generation)
    {
        while (true)
        {
            long state = Volatile.Read(ref _state);
            if (state >> 32 != generation)
            {
                return; // a later job: this one is finished
            }
            int chunk = (int)state;
            if (chunk >= _chunks)
            {
                return;
            }
            if (Interlocked.CompareExchange(ref _state, state + 1, state) != state)
            {
                continue;
            }
            try
            {
                (int start, int end) = Share(_rows, _rowAlign, _chunks, chunk);
                if (start < end)
                {
                    _kernel!(ref _args, start, end);
                }
            }
            catch (Exception e)
            {
                _failure ??= ExceptionDispatchInfo.Capture(e);
            }
            Interlocked.Decrement(ref _remaining);
        }
    }

    /// <summary>Rows of chunk <paramref name="part"/> of <paramref name="parts"/>: contiguous, aligned, as equal as alignment allows.</summary>
    internal static (int Start, int End) Share(int rows, int align, int parts, int part)
    {
        int units = (rows + align - 1) / align;
        int start = (int)Math.Min(rows, (long)units * part / parts * align);
        int end = (int)Math.Min(rows, (long)units * (part + 1) / parts * align);
        return (start, end);
    }

    /// <summary>Stops the workers.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        lock (_runLock)
        {
            Volatile.Write(ref _state, ++_generation << 32);
        }
        foreach (var worker in _workers)
        {
            worker.Wake();
            worker.Join();
        }
    }

    private static class SharedHolder
    {
        public static readonly ComputePool Instance = new(Environment.ProcessorCount);
    }
}
