using Fpx.Host.Scheduling;
using Fpx.Protocol;
using Fpx.Protocol.Rpc;

namespace Fpx.Host.Server;

// session.open [] -> {"session": id}; session.append [id, tokens, variant?] -> {"session", "length",
// "compute_us"}; session.close [id] -> {"session", "closed"}. A session belongs to the connection
// that opened it and closes with it. Session operations carry no budget: they queue with the
// scheduler's SessionOpBudget as their EDF deadline and never expire.
internal sealed partial class Connection
{
    private void HandleSessionOpen(in RpcMessage message, long receivedAt)
    {
        if (Interlocked.Increment(ref _sessionCount) > _server.Options.MaxSessionsPerConnection)
        {
            Interlocked.Decrement(ref _sessionCount);
            throw new RpcException(RpcErrorCodes.BadRequest, $"At most {_server.Options.MaxSessionsPerConnection} sessions per connection.");
        }

        Volatile.Write(ref _openedSessions, true);
        Job job = NewSessionJob(JobKind.SessionOpen, message, receivedAt);
        Submit(job);
    }

    private void HandleSessionAppend(in RpcMessage message, long receivedAt)
    {
        Job job = NewSessionJob(JobKind.SessionAppend, message, receivedAt);
        try
        {
            MessagePackReader reader = message.CreateParamsReader(_server.Options.Limits);
            int count = reader.ReadArrayHeader();
            if (count is < 2 or > 3)
            {
                throw new RpcException(RpcErrorCodes.BadRequest, "session.append takes [session, tokens] or [session, tokens, variant].");
            }

            job.SessionId = ReadSessionId(ref reader);
            ReadTokens(ref reader, job);
            job.Variant = _server.BestVariant;
            if (count == 3 && !reader.TryReadNil())
            {
                job.Variant = FindVariant(ReadShortString(ref reader, _nameScratch));
            }
        }
        catch
        {
            _server.Pool.Return(job);
            throw;
        }

        Submit(job);
    }

    private void HandleSessionClose(in RpcMessage message, long receivedAt)
    {
        Job job = NewSessionJob(JobKind.SessionClose, message, receivedAt);
        try
        {
            MessagePackReader reader = message.CreateParamsReader(_server.Options.Limits);
            if (reader.ReadArrayHeader() != 1)
            {
                throw new RpcException(RpcErrorCodes.BadRequest, "session.close takes [session].");
            }

            job.SessionId = ReadSessionId(ref reader);
        }
        catch
        {
            _server.Pool.Return(job);
            throw;
        }

        Submit(job);
    }

    private Job NewSessionJob(JobKind kind, in RpcMessage message, long receivedAt)
    {
        Job job = _server.Pool.Rent();
        job.Kind = kind;
        job.Owner = this;
        job.MessageId = message.MessageId;
        job.ReceivedAt = receivedAt;
        job.NeverExpires = true;
        job.Deadline = receivedAt + (long)(_server.Options.Scheduler.SessionOpBudget.TotalSeconds * _server.Time.TimestampFrequency);
        return job;
    }

    /// <summary>Keeps the per-connection session count right once a session job is answered.</summary>
    private void CountSessions(Job job)
    {
        if ((job.Kind == JobKind.SessionOpen && job.ErrorCode is not null) || (job.Kind == JobKind.SessionClose && job.ErrorCode is null))
        {
            Interlocked.Decrement(ref _sessionCount);
        }
    }

    private void WriteSessionResult(Job job)
    {
        if (!BeginWrite(out MessagePackWriter w))
        {
            return;
        }

        RpcWriter.WriteResultHeader(ref w, job.MessageId);
        switch (job.Kind)
        {
            case JobKind.SessionOpen:
                w.WriteMapHeader(1);
                w.WriteString("session"u8);
                w.Write(job.SessionId);
                break;
            case JobKind.SessionAppend:
                w.WriteMapHeader(3);
                w.WriteString("session"u8);
                w.Write(job.SessionId);
                w.WriteString("length"u8);
                w.Write((long)job.SessionLength);
                w.WriteString("compute_us"u8);
                w.Write(job.Compute.TotalMicroseconds);
                break;
            default:
                w.WriteMapHeader(2);
                w.WriteString("session"u8);
                w.Write(job.SessionId);
                w.WriteString("closed"u8);
                w.Write(true);
                break;
        }

        EndWrite(ref w);
    }
}
