using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Fpx.Host.Scheduling;

namespace Fpx.Host.Server;

/// <summary>
/// One client connection: a receive loop that cuts frames from a <see cref="Pipe"/> filled by the
/// socket and dispatches them (Connection.Receive.cs, Connection.Dispatch.cs), and an outbound
/// pipe whose writes are serialized by a lock and sent by a send loop (Connection.Send.cs).
/// Responses may complete out of order; each carries its msgid.
/// </summary>
internal sealed partial class Connection : IJobOwner
{
    private const int MinimumRead = 4096;

    private readonly FpxServer _server;
    private readonly Socket _socket;
    private readonly Pipe _input;
    private readonly Pipe _output;
    private readonly Dictionary<uint, Job> _inFlight = [];
    private readonly Lock _inFlightLock = new();
    private readonly long _openedAt;
    private long _lastReceive;
    private int _closed;
    private bool _authenticated;
    private bool _openedSessions;
    private int _sessionCount;

    public Connection(FpxServer server, Socket socket, long id)
    {
        _server = server;
        _socket = socket;
        Id = id;
        // No pause thresholds: the input holds at most one frame (the scanner fails a frame as soon
        // as it is proven too large) and the output is bounded by MaxOutboundBytes, checked on write.
        // Inline schedulers: the send loop runs on the thread that flushes, no thread hop per response.
        _input = new Pipe(new PipeOptions(
            pauseWriterThreshold: 0,
            readerScheduler: PipeScheduler.Inline,
            writerScheduler: PipeScheduler.Inline,
            minimumSegmentSize: MinimumRead,
            useSynchronizationContext: false));
        _output = new Pipe(new PipeOptions(
            pauseWriterThreshold: 0,
            readerScheduler: PipeScheduler.Inline,
            writerScheduler: PipeScheduler.Inline,
            minimumSegmentSize: MinimumRead,
            useSynchronizationContext: false));
        _openedAt = _lastReceive = _lastSendProgress = server.Time.GetTimestamp();
        _authenticated = !server.RequiresAuth;
    }

    public long Id { get; }

    private bool IsClosed => Volatile.Read(ref _closed) != 0;

    private int InFlightCount
    {
        get
        {
            lock (_inFlightLock)
            {
                return _inFlight.Count;
            }
        }
    }

    private Task _sending = Task.CompletedTask;

    /// <summary>Runs the connection until it closes; never throws.</summary>
    public async Task RunAsync()
    {
        Task sending = _sending = SendLoopAsync();
        bool graceful = false;
        try
        {
            graceful = await ReceiveLoopAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The peer went away or a timeout aborted the socket.
        }
        catch (Exception e)
        {
            _server.Log.Error($"connection {Id}: unexpected failure, closing: {e}");
        }

        if (graceful)
        {
            // The client finished sending; answer what it is still waiting for, then close.
            long deadline = _server.Time.GetTimestamp() + (long)(_server.Options.MaxBudget.TotalSeconds * _server.Time.TimestampFrequency);
            await WaitForInFlightAsync(deadline).ConfigureAwait(false);
        }

        await CloseAsync(sending).ConfigureAwait(false);
    }

    /// <summary>Called by the server's stop: once the compute thread has answered everything, flush and close.</summary>
    public async Task CloseAfterStopAsync(long deadline)
    {
        await WaitForInFlightAsync(deadline).ConfigureAwait(false);
        lock (_writeLock)
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                // Completing the writer commits anything corked; the send loop sends it all, then ends.
                _output.Writer.Complete();
            }
        }

        TimeSpan left = TimeSpan.FromSeconds(Math.Max(0, (deadline - _server.Time.GetTimestamp()) / (double)_server.Time.TimestampFrequency));
        await Task.WhenAny(_sending, Task.Delay(left)).ConfigureAwait(false);
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }

        _socket.Dispose();
    }

    private async Task WaitForInFlightAsync(long deadline)
    {
        while (InFlightCount > 0 && !IsClosed && _server.Time.GetTimestamp() < deadline)
        {
            await Task.Delay(2).ConfigureAwait(false);
        }
    }

    private async Task CloseAsync(Task sending)
    {
        lock (_writeLock)
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                _output.Writer.Complete(); // the send loop drains what is written, then ends
            }
        }

        Task finished = await Task.WhenAny(sending, Task.Delay(_server.Options.SlowReaderTimeout)).ConfigureAwait(false);
        try
        {
            if (finished == sending)
            {
                _socket.Shutdown(SocketShutdown.Both);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }

        _socket.Dispose();
        _input.Reader.Complete();
        _input.Writer.Complete();
        _server.Unregister(this);
        if (Volatile.Read(ref _openedSessions))
        {
            _server.Scheduler.OwnerClosed(this);
        }

        _server.Log.Debug($"connection {Id} closed");
    }

    /// <summary>Closes the socket now (timeouts, limits, end of shutdown); the loops then end.</summary>
    public void Abort(string? reason)
    {
        if (reason is not null)
        {
            _server.Counters.Increment(ref _server.Counters.TimedOut);
            _server.Log.Debug($"connection {Id}: {reason}, closing");
        }

        lock (_writeLock)
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                _output.Writer.Complete();
            }
        }

        _socket.Dispose();
    }

    /// <summary>Idle, auth and slow-reader timeouts, checked by the server's sweep timer.</summary>
    public void CheckTimeouts(long now)
    {
        ServerOptions o = _server.Options;
        double frequency = _server.Time.TimestampFrequency;
        if (IsClosed)
        {
            return;
        }

        if (!_authenticated && (now - _openedAt) / frequency > o.AuthTimeout.TotalSeconds)
        {
            Abort("no auth within the auth timeout");
        }
        else if ((now - Volatile.Read(ref _lastReceive)) / frequency > o.IdleTimeout.TotalSeconds && InFlightCount == 0)
        {
            Abort("idle timeout");
        }
        else if (Interlocked.Read(ref _pendingOut) > 0 && (now - Volatile.Read(ref _lastSendProgress)) / frequency > o.SlowReaderTimeout.TotalSeconds)
        {
            Abort("slow reader: responses not read within the timeout");
        }
    }

    /// <summary>Answers a connection over the limit (or during shutdown) with an error notification and closes it.</summary>
    public void Refuse(string message)
    {
        try
        {
            // The send loop is not running for a refused connection: send the notification here.
            WriteErrorNotification(Protocol.Rpc.RpcErrorCodes.Overloaded, message);
            if (_output.Reader.TryRead(out ReadResult result))
            {
                foreach (ReadOnlyMemory<byte> segment in result.Buffer)
                {
                    _socket.Send(segment.Span, SocketFlags.None);
                }
            }

            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
        {
        }

        _socket.Dispose();
    }
}
