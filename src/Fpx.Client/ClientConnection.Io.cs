using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Fpx.Protocol;
using Fpx.Protocol.Rpc;

namespace Fpx.Client;

// The connection's two loops and its serialized writes.
internal sealed partial class ClientConnection
{
    private bool _corked;

    /// <summary>Takes the write lock; false (lock not taken) when the connection is dead.</summary>
    public bool BeginWrite(out MessagePackWriter writer)
    {
        _writeLock.Enter();
        if (IsDead)
        {
            _writeLock.Exit();
            writer = default;
            return false;
        }

        writer = new MessagePackWriter(_output.Writer);
        return true;
    }

    /// <summary>Commits a request and flushes it (the send loop runs inline), releasing the lock.</summary>
    public void EndWrite(ref MessagePackWriter writer)
    {
        try
        {
            writer.Flush();
            if (!_corked)
            {
                ValueTask<FlushResult> flush = _output.Writer.FlushAsync();
                if (!flush.IsCompletedSuccessfully)
                {
                    _ = flush.AsTask();
                }
            }
        }
        finally
        {
            _writeLock.Exit();
        }
    }

    /// <summary>Holds flushes until <see cref="Uncork"/>, so a burst of requests leaves in one send.</summary>
    public void Cork()
    {
        lock (_writeLock)
        {
            _corked = true;
        }
    }

    /// <summary>Flushes everything written since <see cref="Cork"/>.</summary>
    public void Uncork()
    {
        lock (_writeLock)
        {
            _corked = false;
            if (!IsDead)
            {
                _ = _output.Writer.FlushAsync();
            }
        }
    }

    /// <summary>Tells the host a call was cancelled: <c>[2, "cancel", [msgid]]</c>.</summary>
    public void SendCancel(uint messageId)
    {
        if (BeginWrite(out MessagePackWriter w))
        {
            RpcWriter.WriteNotificationHeader(ref w, "cancel"u8, 1);
            w.Write((ulong)messageId);
            EndWrite(ref w);
        }
    }

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
                        rest = rest[await _socket.SendAsync(rest, SocketFlags.None).ConfigureAwait(false)..];
                    }
                }

                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // May run inline inside a flush holding the write lock: Fail takes only the pending lock.
            Fail("The connection to the host failed while sending.", e);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        PipeWriter writer = _input.Writer;
        PipeReader reader = _input.Reader;
        try
        {
            while (true)
            {
                int received = await _socket.ReceiveAsync(writer.GetMemory(MinimumRead), SocketFlags.None).ConfigureAwait(false);
                if (received == 0)
                {
                    Fail("The host closed the connection.");
                    return;
                }

                writer.Advance(received);
                _ = writer.FlushAsync();
                if (!reader.TryRead(out ReadResult result))
                {
                    continue;
                }

                ReadOnlySequence<byte> buffer = result.Buffer;
                string? error = ProcessFrames(ref buffer);
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (error is not null)
                {
                    Fail(error);
                    return;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Fail("The connection to the host failed.", e);
        }
        catch (Exception e)
        {
            Fail($"The client's receive loop failed: {e.Message}", e);
        }
    }

    /// <summary>Completes the calls whose responses are in <paramref name="buffer"/>; an error message when framing is lost.</summary>
    private string? ProcessFrames(ref ReadOnlySequence<byte> buffer)
    {
        while (true)
        {
            FrameScanResult scan = MessagePackFrameScanner.TryScanValue(buffer, Limits);
            if (scan.Status == DecodeStatus.NeedMoreData)
            {
                return null;
            }

            if (scan.Status == DecodeStatus.Malformed)
            {
                return $"The host sent malformed MessagePack: {scan.ErrorMessage}";
            }

            ReadOnlySequence<byte> frame = buffer.Slice(0, scan.Length);
            buffer = buffer.Slice(scan.Length);
            if (!RpcMessage.TryParse(frame, Limits, out RpcMessage message, out RpcFrameError error))
            {
                return $"The host sent a frame that is not MessagePack-RPC: {error}";
            }

            if (message.Type == RpcMessageType.Response)
            {
                Take(message.MessageId)?.Complete(message);
            }
            else if (message.Type == RpcMessageType.Notification && message.MethodEquals("error"u8))
            {
                LastHostError = ReadNotificationError(message);
            }
        }
    }

    private string ReadNotificationError(in RpcMessage message)
    {
        try
        {
            MessagePackReader r = message.CreateParamsReader(Limits);
            if (r.ReadArrayHeader() >= 1)
            {
                return MessagePackJsonText(r.ReadRaw());
            }
        }
        catch (MessagePackException)
        {
        }

        return "(unreadable error notification)";
    }

    private static string MessagePackJsonText(ReadOnlySequence<byte> value)
    {
        var text = new StringWriter();
        using var stream = new MemoryStream(value.ToArray());
        Fpx.Protocol.Json.MessagePackJson.ToJson(stream, text, TextWriter.Null);
        return text.ToString().Trim();
    }

    /// <summary>Closes the connection: pending calls fail.</summary>
    public async Task CloseAsync()
    {
        Fail("The client closed the connection.");
        lock (_writeLock)
        {
            _output.Writer.Complete();
        }

        await _receiving.ConfigureAwait(false);
    }
}
