using Fpx.Protocol.Rpc;

namespace Fpx.Host.Scheduling;

// Sessions: owned by the connection that opened them (another connection cannot see them) and
// closed with it. The map lives on the compute thread, the only one that touches the backend.
internal sealed partial class Scheduler
{
    private readonly Dictionary<long, (long Handle, IJobOwner Owner)> _sessions = [];
    private readonly List<long> _closing = [];
    private long _nextSessionId;

    /// <summary>Sessions open now.</summary>
    public int OpenSessions => Volatile.Read(ref _openSessions);

    private int _openSessions;

    private bool TryResolveSession(Job job, out long handle)
    {
        if (_sessions.TryGetValue(job.SessionId, out var entry) && ReferenceEquals(entry.Owner, job.Owner))
        {
            handle = entry.Handle;
            return true;
        }

        handle = -1;
        return false;
    }

    private void RunSessionOp(Job job)
    {
        Counters.SessionOps++;
        if (!job.TryStart())
        {
            Finish(job, RpcErrorCodes.Cancelled, ErrorMessages.CancelledByCaller);
            return;
        }

        job.StartedAt = _time.GetTimestamp();
        try
        {
            switch (job.Kind)
            {
                case JobKind.SessionOpen:
                    long handle = _backend.OpenSession();
                    job.SessionId = ++_nextSessionId;
                    _sessions.Add(job.SessionId, (handle, job.Owner!));
                    _openSessions++;
                    break;
                case JobKind.SessionAppend:
                    if (!TryResolveSession(job, out long h))
                    {
                        job.Fail(RpcErrorCodes.BadRequest, ErrorMessages.UnknownSession);
                        break;
                    }

                    long before = _time.GetTimestamp();
                    job.Compute = _backend.AppendSession(h, job.Variant, job.Tokens.Span);
                    job.SessionLength = _backend.SessionLength(h);
                    _observer?.OnPass(new PassRecord(job.Variant, Math.Max(1, job.TokenCount), 1, _time.GetTimestamp() - before, PassKind.SessionAppend));
                    break;
                case JobKind.SessionClose:
                    if (!TryResolveSession(job, out long c))
                    {
                        job.Fail(RpcErrorCodes.BadRequest, ErrorMessages.UnknownSession);
                        break;
                    }

                    _backend.CloseSession(c);
                    _sessions.Remove(job.SessionId);
                    _openSessions--;
                    break;
            }
        }
        catch (ArgumentException e)
        {
            job.Fail(RpcErrorCodes.BadRequest, e.Message);
        }
        catch (Exception e)
        {
            _log.Error($"session operation {job.Kind} failed: {e}");
            job.Fail(RpcErrorCodes.Internal, "The model failed on this session operation.");
        }

        job.FinishedAt = _time.GetTimestamp();
        Finish(job);
    }

    private void CloseSessionsOf(IJobOwner owner)
    {
        foreach (var (id, entry) in _sessions)
        {
            if (ReferenceEquals(entry.Owner, owner))
            {
                _closing.Add(id);
            }
        }

        foreach (long id in _closing)
        {
            try
            {
                _backend.CloseSession(_sessions[id].Handle);
            }
            catch (Exception e)
            {
                _log.Error($"closing session {id} failed: {e.Message}");
            }

            _sessions.Remove(id);
            _openSessions--;
        }

        _closing.Clear();
    }
}
