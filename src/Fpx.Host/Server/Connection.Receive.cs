using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Fpx.Protocol;
using Fpx.Protocol.Rpc;

namespace Fpx.Host.Server;

// The receive loop: socket -> input pipe -> frames. Errors are handled in three tiers (see
// shared/STYLE.md "Wire code"): a protocol error (framing lost, or not an RPC message with a
// msgid to answer) gets an error notification and closes the connection; a request error (bad
// params, unknown method, ...) gets an error response and the connection stays; anything else
// is logged and closes the connection (RunAsync).
internal sealed partial class Connection
{
    /// <summary>Reads until the peer closes (true) or a protocol error closes the connection (false).</summary>
    private async Task<bool> ReceiveLoopAsync()
    {
        PipeWriter writer = _input.Writer;
        PipeReader reader = _input.Reader;
        while (true)
        {
            Memory<byte> memory = writer.GetMemory(MinimumRead);
            int received = await _socket.ReceiveAsync(memory, SocketFlags.None).ConfigureAwait(false);
            if (received == 0)
            {
                return true;
            }

            Volatile.Write(ref _lastReceive, _server.Time.GetTimestamp());
            writer.Advance(received);
            // No reader is waiting on this pipe (this loop reads it with TryRead) and there is no
            // pause threshold, so the flush completes at once.
            _ = writer.FlushAsync();
            if (!reader.TryRead(out ReadResult result))
            {
                continue;
            }

            ReadOnlySequence<byte> buffer = result.Buffer;
            Cork();
            bool keep;
            try
            {
                keep = ProcessFrames(ref buffer);
            }
            finally
            {
                Uncork();
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (!keep || IsClosed)
            {
                return false;
            }
        }
    }

    /// <summary>Cuts and handles every complete frame at the start of <paramref name="buffer"/>; false after a protocol error.</summary>
    private bool ProcessFrames(ref ReadOnlySequence<byte> buffer)
    {
        MessagePackLimits limits = _server.Options.Limits;
        while (true)
        {
            FrameScanResult scan = MessagePackFrameScanner.TryScanValue(buffer, limits);
            if (scan.Status == DecodeStatus.NeedMoreData)
            {
                return true;
            }

            if (scan.Status == DecodeStatus.Malformed)
            {
                return ProtocolError($"malformed MessagePack at byte {scan.ErrorOffset} of the frame: {scan.ErrorMessage}");
            }

            // The receive stamp of the request: the moment its frame is cut (budget_us counts from here).
            long receivedAt = _server.Time.GetTimestamp();
            ReadOnlySequence<byte> frame = buffer.Slice(0, scan.Length);
            buffer = buffer.Slice(scan.Length);
            if (!HandleFrame(frame, receivedAt))
            {
                return false;
            }
        }
    }

    private bool HandleFrame(in ReadOnlySequence<byte> frame, long receivedAt)
    {
        if (!RpcMessage.TryParse(frame, _server.Options.Limits, out RpcMessage message, out RpcFrameError error))
        {
            if (error.HasMessageId && _authenticated)
            {
                _server.Counters.Increment(ref _server.Counters.Requests);
                WriteError(error.MessageId, RpcErrorCodes.BadRequest, $"Not a valid request: {error}");
                return true;
            }

            return ProtocolError($"not a MessagePack-RPC message: {error}");
        }

        switch (message.Type)
        {
            case RpcMessageType.Request:
                _server.Counters.Increment(ref _server.Counters.Requests);
                return HandleRequest(message, receivedAt);
            case RpcMessageType.Notification:
                if (!_authenticated)
                {
                    return Unauthorized(null);
                }

                HandleNotification(message);
                return true;
            default:
                return ProtocolError("clients send requests and notifications, not responses");
        }
    }

    private bool HandleRequest(in RpcMessage message, long receivedAt)
    {
        uint id = message.MessageId;
        if (!_authenticated && !message.MethodEquals("auth"u8))
        {
            return Unauthorized(id);
        }

        try
        {
            return Dispatch(message, receivedAt);
        }
        catch (RpcException e)
        {
            WriteError(id, e.Code, e.Message);
        }
        catch (MessagePackException e)
        {
            WriteError(id, RpcErrorCodes.BadRequest, $"Malformed params: {e.Message}");
        }

        return _authenticated || _server.Options.Secret is null;
    }

    private bool Unauthorized(uint? messageId)
    {
        const string Message = "Authenticate with auth first.";
        if (messageId is uint id)
        {
            WriteError(id, RpcErrorCodes.Unauthorized, Message);
        }
        else
        {
            WriteErrorNotification(RpcErrorCodes.Unauthorized, Message);
        }

        _server.Log.Debug($"connection {Id}: request before auth, closing");
        return false;
    }

    private bool ProtocolError(string reason)
    {
        _server.Counters.Increment(ref _server.Counters.ProtocolErrors);
        _server.Log.Debug($"connection {Id}: protocol error, closing: {reason}");
        WriteErrorNotification(RpcErrorCodes.BadRequest, reason);
        return false;
    }

    private void HandleNotification(in RpcMessage message)
    {
        if (!message.MethodEquals("cancel"u8))
        {
            return; // unknown notifications are ignored: there is no one to answer
        }

        try
        {
            MessagePackReader reader = message.CreateParamsReader(_server.Options.Limits);
            if (reader.ReadArrayHeader() < 1 || reader.PeekType() != MessagePackType.Integer)
            {
                return;
            }

            long target = reader.ReadInt64();
            if (target is < 0 or > uint.MaxValue)
            {
                return;
            }

            lock (_inFlightLock)
            {
                // Cancelled jobs stay queued and are answered `cancelled` when they reach the top
                // of their queue, so exactly one response per request ever leaves.
                if (_inFlight.TryGetValue((uint)target, out Scheduling.Job? job))
                {
                    job.TryCancel();
                }
            }
        }
        catch (MessagePackException)
        {
            // A malformed cancel has no one to answer.
        }
    }
}
