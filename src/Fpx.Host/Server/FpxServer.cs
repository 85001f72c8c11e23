using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Fpx.Host.Backend;
using Fpx.Host.Scheduling;
using Fpx.Host.Tasks;
using Fpx.Policy.Profiles;
using Fpx.Policy.Shadow;

namespace Fpx.Host.Server;

/// <summary>
/// The Fpx host: accepts MessagePack-RPC connections (docs/protocol.md), admits <c>decide</c>
/// requests through an <see cref="IVariantSelector"/>, and runs them on one compute thread in
/// earliest-deadline-first order. Start with <see cref="StartAsync"/>, stop with
/// <see cref="StopAsync"/> (graceful: every request read is answered).
/// </summary>
public sealed partial class FpxServer : IAsyncDisposable
{
    private readonly HashSet<Connection> _connections = [];
    private readonly Lock _connectionsLock = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly byte[]? _secretHash;
    private Socket? _listener;
    private Task? _acceptLoop;
    private ITimer? _sweep;
    private long _nextConnectionId;
    private int _stopRequested;

    /// <summary>Creates a server (nothing listens until <see cref="StartAsync"/>).</summary>
    /// <param name="options">Settings (validated here).</param>
    /// <param name="backend">The model; the server owns its calls but does not dispose it.</param>
    /// <param name="tasks">The tasks served (normally one per profile); <c>profile.put</c> adds or replaces tasks in it.</param>
    /// <param name="profiles">Where <c>profile.put</c> persists profiles; in memory only when null.</param>
    /// <param name="selector">
    /// The variant policy; a <see cref="PolicySelector"/> over the backend's variants when null. A
    /// selector that is also an <see cref="IPassObserver"/> hears about every compute pass.
    /// </param>
    /// <param name="log">Where events go; nowhere when null.</param>
    public FpxServer(ServerOptions options, IDecisionBackend backend, TaskCatalog tasks, ProfileStore? profiles = null, IVariantSelector? selector = null, HostLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(tasks);
        options.Validate();
        if (backend.Variants.Count == 0)
        {
            throw new ArgumentException("The backend offers no variant.", nameof(backend));
        }

        Options = options;
        Backend = backend;
        Tasks = tasks;
        Profiles = profiles;
        Log = log ?? HostLog.Null;
        Time = options.TimeProvider;
        Selector = selector ?? new PolicySelector(backend.Variants, Time);
        VariantNames = [.. backend.Variants.Select(v => Encoding.UTF8.GetBytes(v.Name))];
        BestVariant = Enumerable.Range(0, backend.Variants.Count).MinBy(i => backend.Variants[i].QualityRank);
        _secretHash = options.Secret is null ? null : SHA256.HashData(options.Secret);
        Pool = new JobPool(Math.Min(options.Scheduler.IntakeCapacity + 256, 65_536));
        Latency = new LatencyEstimates(backend.Variants.Count, options.Scheduler.BatchItemCost);
        Agreements = new AgreementTracker();
        Scheduler = new Scheduler(backend, options.Scheduler, Latency, Pool, Time, Log, Selector as IPassObserver, Agreements);
    }

    /// <summary>The address and port listened on (the real port when <see cref="ServerOptions.Port"/> is 0), once started.</summary>
    public IPEndPoint? LocalEndPoint => _listener?.LocalEndPoint as IPEndPoint;

    /// <summary>Completes when the server has stopped.</summary>
    public Task Completion => _stopped.Task;

    /// <summary>Counters for <c>stats</c> and tests.</summary>
    public ServerCounters Counters { get; } = new();

    /// <summary>Live latency estimates (p99 per variant, queue work).</summary>
    public LatencyEstimates Latency { get; }

    internal ServerOptions Options { get; }

    internal IDecisionBackend Backend { get; }

    internal TaskCatalog Tasks { get; }

    internal ProfileStore? Profiles { get; }

    /// <summary>The variant policy.</summary>
    public IVariantSelector Selector { get; }

    /// <summary>Live agreement of each (task, variant) with fp16, from shadow runs.</summary>
    public AgreementTracker Agreements { get; }

    internal HostLog Log { get; }

    internal TimeProvider Time { get; }

    internal byte[][] VariantNames { get; }

    internal int BestVariant { get; }

    internal JobPool Pool { get; }

    internal Scheduler Scheduler { get; }

    internal bool RequiresAuth => _secretHash is not null;

    internal bool IsStopping => Volatile.Read(ref _stopRequested) != 0;

    /// <summary>Open connections now.</summary>
    public int ConnectionCount
    {
        get
        {
            lock (_connectionsLock)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>
    /// Raises the thread pool's minimum to 16 worker and I/O threads (never lowers it). A fresh
    /// process on 2 cores starts with 2, and the pool adds threads about one per 0.5-1 s: a
    /// slow-reader flood against a freshly started host stalled every other connection for about
    /// a second (p99 0.8-1.1 s against 3-8 ms once the pool had grown; with this floor, 50-75 ms in
    /// the same fresh-process test). Where the pool blocks was not pinned down; this is the
    /// mitigation, decision 0020.
    /// </summary>
    private static void EnsureThreadPoolFloor()
    {
        const int Floor = 16;
        ThreadPool.GetMinThreads(out int workers, out int io);
        if (workers < Floor || io < Floor)
        {
            ThreadPool.SetMinThreads(Math.Max(workers, Floor), Math.Max(io, Floor));
        }
    }

    /// <summary>
    /// Starts the compute thread, waits for its warm-up passes (which seed the latency estimates),
    /// then binds and starts accepting.
    /// </summary>
    /// <param name="cancellationToken">Cancels the warm-up wait.</param>
    /// <returns>When listening.</returns>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        EnsureThreadPoolFloor();
        Scheduler.Start();
        await Scheduler.WarmedUp.WaitAsync(cancellationToken).ConfigureAwait(false);
        var listener = new Socket(Options.Bind.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(Options.Bind, Options.Port));
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            Scheduler.Stop();
            throw;
        }

        _listener = listener;
        TimeSpan period = TimeSpan.FromTicks(Math.Clamp(
            Math.Min(Options.IdleTimeout.Ticks, Math.Min(Options.AuthTimeout.Ticks, Options.SlowReaderTimeout.Ticks)) / 4,
            TimeSpan.TicksPerMillisecond * 5,
            TimeSpan.TicksPerSecond));
        _sweep = Time.CreateTimer(_ => Sweep(), null, period, period);
        _acceptLoop = AcceptLoopAsync(listener);
        Log.Info($"listening on {LocalEndPoint} ({(RequiresAuth ? "auth required" : "no auth")}, {Backend.Variants.Count} variants, {Tasks.All.Count} tasks)");
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException)
            {
                return; // the listener was closed by StopAsync
            }

            socket.NoDelay = true;
            Counters.Increment(ref Counters.Accepted);
            var connection = new Connection(this, socket, Interlocked.Increment(ref _nextConnectionId));
            bool admitted;
            lock (_connectionsLock)
            {
                admitted = !IsStopping && _connections.Count < Options.MaxConnections && _connections.Add(connection);
            }

            if (!admitted)
            {
                Counters.Increment(ref Counters.Refused);
                connection.Refuse(IsStopping ? "The server is shutting down." : "Too many connections.");
                continue;
            }

            _ = connection.RunAsync();
        }
    }

    internal void Unregister(Connection connection)
    {
        lock (_connectionsLock)
        {
            _connections.Remove(connection);
        }
    }

    private Connection[] Snapshot()
    {
        lock (_connectionsLock)
        {
            return [.. _connections];
        }
    }

    private void Sweep()
    {
        long now = Time.GetTimestamp();
        foreach (Connection c in Snapshot())
        {
            c.CheckTimeouts(now);
        }
    }

    /// <summary>Checks an <c>auth</c> secret in constant time (both sides hashed first, so not even the length leaks).</summary>
    internal bool CheckSecret(ReadOnlySpan<byte> candidate)
    {
        if (_secretHash is null)
        {
            return true;
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(candidate, hash);
        return CryptographicOperations.FixedTimeEquals(hash, _secretHash);
    }

    internal long MicrosecondsToTicks(long us) => (long)(us * (Time.TimestampFrequency / 1e6));

    internal double TicksToMicroseconds(long ticks) => ticks * 1e6 / Time.TimestampFrequency;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        Scheduler.Dispose();
    }
}
