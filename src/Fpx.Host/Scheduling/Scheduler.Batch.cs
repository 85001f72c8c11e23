using System.Numerics.Tensors;
using Fpx.Host.Backend;
using Fpx.Protocol.Rpc;

namespace Fpx.Host.Scheduling;

// Batching: the rule of docs/decisions/0021-edf-and-batching.md.
internal sealed partial class Scheduler
{
    private readonly Job[] _batch;
    private readonly BackendItem[] _items;
    private readonly TimeSpan[] _times;

    /// <summary>
    /// Runs the most urgent job of <paramref name="queue"/> (one of <paramref name="variant"/>'s),
    /// together with the next most urgent jobs of the same queue as long as the larger pass still
    /// ends before the deadline of every member that would have met it in the smaller pass. Jobs
    /// taken later would be served after this pass anyway, so joining never makes a candidate later.
    /// </summary>
    private void RunBatch(EdfQueue queue, int variant, long now)
    {
        int count = 0;
        long meeting = long.MaxValue; // earliest deadline among members predicted to meet it
        while (count < _batch.Length && queue.Count > 0)
        {
            Job candidate = queue.Peek();
            if (candidate.IsCancelled || (!candidate.NeverExpires && candidate.Deadline < now))
            {
                Purge(queue, now);
                continue;
            }

            long end = now + Latency.PredictPass(variant, count + 1);
            if (count > 0 && (end > meeting || SessionInBatch(candidate.SessionId, count)))
            {
                break;
            }

            queue.Pop();
            if (!candidate.TryStart())
            {
                Counters.Cancelled++;
                Finish(candidate, RpcErrorCodes.Cancelled, ErrorMessages.CancelledByCaller);
                continue;
            }

            long handle = BackendItem.NoSession;
            if (candidate.SessionId >= 0)
            {
                if (!TryResolveSession(candidate, out handle))
                {
                    Finish(candidate, RpcErrorCodes.BadRequest, ErrorMessages.UnknownSession);
                    continue;
                }

                // Checked here, per request: the backend would refuse it too, but a throw fails the whole batch.
                int length = _backend.SessionLength(handle) + candidate.TokenCount;
                if (length > _backend.MaxContextTokens || length == 0)
                {
                    Finish(candidate, RpcErrorCodes.BadRequest, length == 0 ? ErrorMessages.EmptySession : ErrorMessages.SessionFull);
                    continue;
                }
            }

            _batch[count] = candidate;
            _items[count] = new BackendItem(candidate.Task!.ActionTokens, candidate.Tokens, handle, candidate.Probabilities);
            count++;
            if (candidate.Deadline >= end)
            {
                meeting = Math.Min(meeting, candidate.Deadline);
            }
        }

        if (count == 0)
        {
            return;
        }

        RunPass(variant, count);
    }

    private void RunPass(int variant, int count)
    {
        long start = _time.GetTimestamp();
        string? error = null, message = null;
        try
        {
            _backend.Decide(variant, _items.AsSpan(0, count), _times.AsSpan(0, count));
        }
        catch (ArgumentException e)
        {
            (error, message) = (RpcErrorCodes.BadRequest, e.Message);
        }
        catch (Exception e)
        {
            _log.Error($"backend pass on variant {variant} failed: {e}");
            (error, message) = (RpcErrorCodes.Internal, "The model failed on this batch.");
        }

        long end = _time.GetTimestamp();
        Counters.Passes++;
        if (error is null)
        {
            Latency.Record(variant, end - start);
            _observer?.OnPass(new PassRecord(variant, LongestInput(count), count, end - start, PassKind.Decide));
            Counters.Decided += count;
            if (count > 1)
            {
                Counters.Batched += count;
            }

            Counters.MaxBatch = Math.Max(Counters.MaxBatch, count);
        }

        for (int i = 0; i < count; i++)
        {
            Job job = _batch[i];
            _batch[i] = null!;
            _items[i] = default;
            job.StartedAt = start;
            job.FinishedAt = end;
            if (error is not null)
            {
                Counters.Failed++;
                Finish(job, error, message!);
                continue;
            }

            if (job.Degraded)
            {
                Counters.Degraded++;
            }

            job.Compute = _times[i];
            job.Action = job.Task!.ActionTokens.Span[TensorPrimitives.IndexOfMax<float>(job.Probabilities.Span)];
            ConsiderShadow(job);
            Finish(job);
        }
    }

    private int LongestInput(int count)
    {
        int longest = 1;
        for (int i = 0; i < count; i++)
        {
            longest = Math.Max(longest, _batch[i].TokenCount);
        }

        return longest;
    }

    private bool SessionInBatch(long session, int count)
    {
        if (session < 0)
        {
            return false;
        }

        for (int i = 0; i < count; i++)
        {
            if (_batch[i].SessionId == session)
            {
                return true;
            }
        }

        return false;
    }
}
