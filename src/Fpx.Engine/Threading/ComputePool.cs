using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Fpx.Engine.Kernels;

namespace Fpx.Engine.Threading;

/// <summary>
/// A persistent pool for splitting one matrix product over the cores: the calling thread takes
/// the first share and dedicated workers take the others. Workers spin on a generation counter
/// for a while after each job, so back-to-back products (a forward pass is dozens of them) start
/// within a fraction of a microsecond, then park so an idle service burns no CPU.
/// Not a Task per call: nothing is allocated per job. One job runs at a time; concurrent callers
/// take turns.
/// </summary>
public sealed partial class ComputePool : IDisposable
{
    private readonly Worker[] _workers;
    private readonly object _runLock = new();
    private readonly long _spinTicks;
    private MatMulArgs _args;
    private RowRangeKernel? _kernel;
    private int _rows;
    private int _rowAlign;
    private int _parts;
    private long _generation;
    private int _pending;
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
    /// Runs <paramref name="kernel"/> over rows [0, <paramref name="rows"/>), split into one
    /// contiguous share per thread (shares are multiples of <paramref name="rowAlign"/> rows).
    /// </summary>
    internal void Run(RowRangeKernel kernel, ref MatMulArgs args, int rows, int rowAlign, int parts)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        parts = Math.Clamp(parts, 1, Threads);
        if (parts == 1 || rows < 2 * rowAlign)
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
            _parts = parts;
            _failure = null;
            Volatile.Write(ref _pending, parts - 1);
            Interlocked.Increment(ref _generation);
            for (int i = 0; i < parts - 1; i++)
            {
                _workers[i].Wake();
            }

            RunShare(0);

            var spinner = new SpinWait();
            while (Volatile.Read(ref _pending) != 0)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }
            _kernel = null;
            _failure?.Throw();
        }
    }

    private void RunShare(int part)
    {
        (int start, int end) = Share(_rows, _rowAlign, _parts, part);
        if (start < end)
        {
            _kernel!(ref _args, start, end);
        }
    }

    /// <summary>Rows of share <paramref name="part"/>: contiguous, aligned, as equal as alignment allows.</summary>
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
        Interlocked.Increment(ref _generation);
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
