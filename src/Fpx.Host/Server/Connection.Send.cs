using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Fpx.Protocol;
using Fpx.Protocol.Rpc;

namespace Fpx.Host.Server;

// Outbound: every response is written whole into the output pipe under _writeLock (so frames
// from the receive loop and the compute thread never interleave) and flushed; the send loop,
// resumed inline by the flush, copies the bytes to the socket. While the receive loop handles
// the frames of one read it "corks" the output, so their responses leave in one send.
internal sealed partial class Connection
{
    private readonly Lock _writeLock = new();
    private long _pendingOut;
    private long _lastSendProgress;
    private bool _corked;

    private async Task SendLoopAsync()
    {
        PipeReader reader = _output.Reader;
        try
        {
            while (true)
            {
                ReadResult result = await reader.ReadAsync().ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                foreach (ReadOnlyMemory<byte> segment in buffer)
                {
                    ReadOnlyMemory<byte> rest = segment;
                    while (!rest.IsEmpty)
                    {
                        int sent = await _socket.SendAsync(rest, SocketFlags.None).ConfigureAwait(false);
                        rest = rest[sent..];
                        Volatile.Write(ref _lastSendProgress, _server.Time.GetTimestamp());
                    }
                }

                Interlocked.Add(ref _pendingOut, -buffer.Length);
                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The peer is gone. This may run inline inside a flush that holds the write lock, so
            // only mark the connection closed (writers then skip) and drop the socket.
            Interlocked.Exchange(ref _closed, 1);
            _socket.Dispose();
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Starts a response: takes the write lock. False (lock not taken) when the connection is closed.</summary>
    private bool BeginWrite(out MessagePackWriter writer)
    {
        _writeLock.Enter();
        if (IsClosed)
        {
            _writeLock.Exit();
            writer = default;
            return false;
        }

        writer = new MessagePackWriter(_output.Writer);
        return true;
    }

    /// <summary>Ends a response begun with <see cref="BeginWrite"/>: commits it, flushes unless corked, releases the lock.</summary>
    private void EndWrite(ref MessagePackWriter writer)
    {
        try
        {
            writer.Flush();
            _server.Counters.Increment(ref _server.Counters.Responses);
            if (!_corked)
            {
                FlushLocked();
            }
        }
        finally
        {
            _writeLock.Exit();
        }
    }

    private void FlushLocked()
    {
        PipeWriter output = _output.Writer;
        long bytes = output.UnflushedBytes;
        if (bytes == 0)
        {
            return;
        }

        if (Interlocked.Add(ref _pendingOut, bytes) == bytes)
        {
            // Output was empty: the slow-reader clock starts now.
            Volatile.Write(ref _lastSendProgress, _server.Time.GetTimestamp());
        }

        if (Interlocked.Read(ref _pendingOut) > _server.Options.MaxOutboundBytes)
        {
            Interlocked.Exchange(ref _closed, 1);
            output.Complete();
            _server.Counters.Increment(ref _server.Counters.TimedOut);
            _server.Log.Debug($"connection {Id}: more than {_server.Options.MaxOutboundBytes} bytes unread, closing");
            _socket.Dispose();
            return;
        }

        // No pause threshold, so this completes synchronously (running the send loop inline).
        ValueTask<FlushResult> flush = output.FlushAsync();
        if (flush.IsCompletedSuccessfully)
        {
            _ = flush.Result;
        }
        else
        {
            _ = flush.AsTask();
        }
    }

    private void Cork()
    {
        lock (_writeLock)
        {
            _corked = true;
        }
    }

    private void Uncork()
    {
        lock (_writeLock)
        {
            _corked = false;
            if (!IsClosed)
            {
                FlushLocked();
            }
        }
    }

    /// <summary>Writes an error response.</summary>
    private void WriteError(uint messageId, string code, string message)
    {
        if (BeginWrite(out MessagePackWriter writer))
        {
            RpcWriter.WriteError(ref writer, messageId, code, message);
            _server.Counters.CountError(code);
            EndWrite(ref writer);
        }
    }

    /// <summary>
    /// Writes the connection-level error of a protocol error (no msgid to answer), as the
    /// notification <c>[2, "error", [{"code": ..., "message": ...}]]</c>, before closing.
    /// </summary>
    private void WriteErrorNotification(string code, string message)
    {
        if (BeginWrite(out MessagePackWriter writer))
        {
            RpcWriter.WriteNotificationHeader(ref writer, "error"u8, 1);
            RpcWriter.WriteErrorValue(ref writer, code, message);
            _server.Counters.CountError(code);
            EndWrite(ref writer);
        }
    }
}
