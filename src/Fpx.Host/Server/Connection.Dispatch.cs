using Fpx.Host.Scheduling;
using Fpx.Protocol;
using Fpx.Protocol.Rpc;

namespace Fpx.Host.Server;

// Method dispatch. Handlers run on the receive loop's thread; those that need the model queue a
// Job for the compute thread, the rest answer at once. A handler throws RpcException (or lets a
// MessagePackException escape) for a request error; HandleRequest turns it into an error response.
internal sealed partial class Connection
{
    /// <summary>Handles one request; false to close the connection.</summary>
    private bool Dispatch(in RpcMessage message, long receivedAt)
    {
        uint id = message.MessageId;
        if (message.MethodEquals("decide"u8))
        {
            HandleDecide(message, receivedAt);
        }
        else if (message.MethodEquals("ping"u8))
        {
            if (BeginWrite(out MessagePackWriter writer))
            {
                RpcWriter.WriteResultHeader(ref writer, id);
                writer.WriteString("pong"u8);
                EndWrite(ref writer);
            }
        }
        else if (message.MethodEquals("auth"u8))
        {
            return HandleAuth(message);
        }
        else if (message.MethodEquals("session.open"u8))
        {
            HandleSessionOpen(message, receivedAt);
        }
        else if (message.MethodEquals("session.append"u8))
        {
            HandleSessionAppend(message, receivedAt);
        }
        else if (message.MethodEquals("session.close"u8))
        {
            HandleSessionClose(message, receivedAt);
        }
        else if (message.MethodEquals("variants"u8))
        {
            WriteVariants(id);
        }
        else if (message.MethodEquals("tasks"u8))
        {
            WriteTasks(id);
        }
        else if (message.MethodEquals("stats"u8))
        {
            WriteStats(id);
        }
        else if (message.MethodEquals("profile.get"u8))
        {
            HandleProfileGet(message);
        }
        else if (message.MethodEquals("profile.put"u8))
        {
            HandleProfilePut(message);
        }
        else
        {
            throw new RpcException(RpcErrorCodes.UnknownMethod, $"No method '{message.GetMethodName()}'.");
        }

        return true;
    }

    private bool HandleAuth(in RpcMessage message)
    {
        MessagePackReader reader = message.CreateParamsReader(_server.Options.Limits);
        if (reader.ReadArrayHeader() != 1)
        {
            throw new RpcException(RpcErrorCodes.BadRequest, "auth takes [secret].");
        }

        bool ok;
        switch (reader.PeekType())
        {
            case MessagePackType.String:
                ok = _server.CheckSecret(CopySmall(reader.ReadStringSequence(), stackalloc byte[256]));
                break;
            case MessagePackType.Binary:
                ok = _server.CheckSecret(CopySmall(reader.ReadBinary(), stackalloc byte[256]));
                break;
            default:
                throw new RpcException(RpcErrorCodes.BadRequest, "auth takes [secret] as a str or bin.");
        }

        if (!ok)
        {
            _server.Log.Warning($"connection {Id}: wrong secret, closing");
            WriteError(message.MessageId, RpcErrorCodes.Unauthorized, "Wrong secret.");
            return false;
        }

        _authenticated = true;
        if (BeginWrite(out MessagePackWriter writer))
        {
            RpcWriter.WriteResultHeader(ref writer, message.MessageId);
            writer.Write(true);
            EndWrite(ref writer);
        }

        return true;
    }

    /// <summary>Copies a short value into <paramref name="scratch"/>; longer values (never a valid secret) become empty.</summary>
    private static ReadOnlySpan<byte> CopySmall(System.Buffers.ReadOnlySequence<byte> value, Span<byte> scratch)
    {
        if (value.Length > scratch.Length)
        {
            return [];
        }

        System.Buffers.BuffersExtensions.CopyTo(value, scratch);
        return scratch[..(int)value.Length];
    }

    /// <summary>Registers a queued job under its msgid (for cancel) and admits it; answers at once when that fails.</summary>
    private void Submit(Job job)
    {
        string? code = null, text = null;
        lock (_inFlightLock)
        {
            if (_inFlight.Count >= _server.Options.MaxInFlightPerConnection)
            {
                (code, text) = (RpcErrorCodes.Overloaded, ErrorMessages.TooManyInFlight);
            }
            else if (!_inFlight.TryAdd(job.MessageId, job))
            {
                (code, text) = (RpcErrorCodes.BadRequest, "This msgid is already in flight on this connection.");
            }
        }

        if (code is null)
        {
            if (job.Kind == JobKind.Decide)
            {
                _server.Latency.Admit(job.PredictedCompute, job.Work);
            }

            if (!_server.IsStopping && _server.Scheduler.TryEnqueue(job))
            {
                return;
            }

            if (job.Kind == JobKind.Decide)
            {
                _server.Latency.Finish(job.PredictedCompute, job.Work);
            }

            lock (_inFlightLock)
            {
                _inFlight.Remove(job.MessageId);
            }

            (code, text) = _server.IsStopping || _server.Scheduler.IsStopping
                ? (RpcErrorCodes.Cancelled, ErrorMessages.ShuttingDown)
                : (RpcErrorCodes.Overloaded, ErrorMessages.IntakeFull);
        }

        WriteError(job.MessageId, code, text!);
        _server.Pool.Return(job);
    }

    /// <inheritdoc />
    public void Complete(Job job)
    {
        lock (_inFlightLock)
        {
            _inFlight.Remove(job.MessageId);
        }

        try
        {
            if (job.Kind != JobKind.Decide)
            {
                CountSessions(job);
            }

            if (job.ErrorCode is not null)
            {
                WriteError(job.MessageId, job.ErrorCode, job.ErrorMessage!);
            }
            else
            {
                switch (job.Kind)
                {
                    case JobKind.Decide:
                        WriteDecision(job);
                        break;
                    default:
                        WriteSessionResult(job);
                        break;
                }
            }
        }
        finally
        {
            _server.Pool.Return(job);
        }
    }
}
