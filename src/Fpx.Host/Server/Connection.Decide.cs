using System.Buffers;
using Fpx.Host.Scheduling;
using Fpx.Host.Tasks;
using Fpx.Protocol;
using Fpx.Protocol.Rpc;

namespace Fpx.Host.Server;

// decide: params [{"task": str, "tokens": [int], "budget_us": int, "session"?: int, "variant"?: str}]
// (docs/protocol.md). The task is looked up in the catalog's current snapshot; the job keeps that
// definition (and its profile) even if profile.put replaces the task while it is queued. Parsing writes straight into a pooled Job; nothing is allocated unless the
// request is bad.
internal sealed partial class Connection
{
    private readonly byte[] _keyScratch = new byte[32];
    private readonly byte[] _nameScratch = new byte[64];

    private void HandleDecide(in RpcMessage message, long receivedAt)
    {
        Job job = _server.Pool.Rent();
        try
        {
            job.Kind = JobKind.Decide;
            job.Owner = this;
            job.MessageId = message.MessageId;
            job.ReceivedAt = receivedAt;
            ParseDecide(message, job, out long budgetUs, out int forced);
            Admit(job, budgetUs, forced);
        }
        catch
        {
            _server.Pool.Return(job);
            throw;
        }
    }

    private void ParseDecide(in RpcMessage message, Job job, out long budgetUs, out int forced)
    {
        MessagePackReader reader = message.CreateParamsReader(_server.Options.Limits);
        if (reader.ReadArrayHeader() != 1 || reader.PeekType() != MessagePackType.Map)
        {
            throw new RpcException(RpcErrorCodes.BadRequest, "decide takes [request] where request is a map.");
        }

        budgetUs = -1;
        forced = -1;
        bool hasTokens = false;
        // Connection fields, not stackalloc: the reader could otherwise capture a stack span.
        Span<byte> key = _keyScratch;
        Span<byte> scratch = _nameScratch;
        for (int pairs = reader.ReadMapHeader(); pairs > 0; pairs--)
        {
            int keyLength = ReadKey(ref reader, key);
            ReadOnlySpan<byte> name = keyLength < 0 ? default : key[..keyLength];
            string field = "?";
            try
            {
                if (name.SequenceEqual("task"u8))
                {
                    field = "task";
                    ReadOnlySpan<byte> task = ReadShortString(ref reader, scratch);
                    if (!_server.Tasks.TryGet(task, out TaskDefinition? definition))
                    {
                        throw new RpcException(RpcErrorCodes.UnknownTask, $"No task '{System.Text.Encoding.UTF8.GetString(task)}'.");
                    }

                    job.Task = definition;
                }
                else if (name.SequenceEqual("tokens"u8))
                {
                    field = "tokens";
                    ReadTokens(ref reader, job);
                    hasTokens = true;
                }
                else if (name.SequenceEqual("budget_us"u8))
                {
                    field = "budget_us";
                    budgetUs = reader.ReadInt64();
                    long max = (long)_server.Options.MaxBudget.TotalMicroseconds;
                    if (budgetUs < 1 || budgetUs > max)
                    {
                        throw new RpcException(RpcErrorCodes.BadRequest, $"budget_us must be in [1, {max}], not {budgetUs}.");
                    }
                }
                else if (name.SequenceEqual("session"u8))
                {
                    field = "session";
                    job.SessionId = ReadSessionId(ref reader);
                }
                else if (name.SequenceEqual("variant"u8))
                {
                    field = "variant";
                    if (!reader.TryReadNil())
                    {
                        forced = FindVariant(ReadShortString(ref reader, scratch));
                    }
                }
                else
                {
                    reader.Skip(); // unknown keys are ignored, so clients can send newer fields
                }
            }
            catch (MessagePackException e)
            {
                throw new RpcException(RpcErrorCodes.BadRequest, $"Bad field '{field}': {e.Message}", e);
            }
        }

        if (job.Task is null)
        {
            throw new RpcException(RpcErrorCodes.BadRequest, "Missing field 'task'.");
        }

        if (budgetUs < 0)
        {
            throw new RpcException(RpcErrorCodes.BadRequest, "Missing field 'budget_us'.");
        }

        if (!hasTokens || (job.TokenCount == 0 && job.SessionId < 0))
        {
            throw new RpcException(RpcErrorCodes.BadRequest, "Field 'tokens' must hold at least one token without a session.");
        }

        if (job.SessionId < 0 && job.TokenCount > _server.Backend.MaxContextTokens)
        {
            throw new RpcException(RpcErrorCodes.BadRequest, $"Field 'tokens' holds {job.TokenCount} tokens; the model's context holds {_server.Backend.MaxContextTokens}.");
        }

        job.EnsureProbabilities(job.Task.ActionTokens.Length);
    }

    /// <summary>Sets the deadline, asks the selector for a variant (unless forced), and queues or rejects.</summary>
    private void Admit(Job job, long budgetUs, int forced)
    {
        job.Deadline = job.ReceivedAt + _server.MicrosecondsToTicks(budgetUs);
        long remaining = job.Deadline - _server.Time.GetTimestamp();
        var context = new SelectionContext(job.Task!, remaining, job.TokenCount, _server.Backend.Variants, _server.Latency, _server.Time.TimestampFrequency, forced);
        VariantChoice choice = _server.Selector.Select(context);
        if (forced >= 0)
        {
            // A forced variant is served as asked, whatever the selector would have done.
            choice = choice with { Kind = ChoiceKind.Serve, Variant = forced };
            job.Forced = true;
        }

        if (choice.Kind == ChoiceKind.Reject)
        {
            WriteError(job.MessageId, RpcErrorCodes.DeadlineUnreachable, ErrorMessages.DeadlineUnreachable);
            _server.Pool.Return(job);
            return;
        }

        job.Variant = choice.Variant;
        job.Degraded = choice.Kind == ChoiceKind.Degrade;
        job.PredictedQueue = choice.PredictedQueue;
        job.PredictedCompute = choice.PredictedCompute;
        job.Work = choice.Work;
        job.ExpectedQuality = choice.ExpectedQuality;
        Submit(job);
    }

    private void ReadTokens(ref MessagePackReader reader, Job job)
    {
        int count = reader.ReadArrayHeader();
        if (count > _server.Options.MaxTokensPerRequest)
        {
            throw new RpcException(RpcErrorCodes.BadRequest, $"Field 'tokens' holds {count} tokens; at most {_server.Options.MaxTokensPerRequest} are accepted.");
        }

        Span<int> tokens = job.EnsureTokens(count);
        int vocabulary = _server.Backend.VocabularySize;
        for (int i = 0; i < tokens.Length; i++)
        {
            int token = reader.ReadInt32();
            if (token < 0)
            {
                throw new RpcException(RpcErrorCodes.BadRequest, $"Field 'tokens': token {i} is negative.");
            }

            if (token >= vocabulary)
            {
                throw new RpcException(RpcErrorCodes.BadRequest, $"Field 'tokens': token {i} ({token}) is outside the vocabulary [0, {vocabulary}).");
            }

            tokens[i] = token;
        }
    }

    private static long ReadSessionId(ref MessagePackReader reader)
    {
        long id = reader.ReadInt64();
        return id >= 1 ? id : throw new RpcException(RpcErrorCodes.BadRequest, "A session id is a positive integer.");
    }

    private int FindVariant(ReadOnlySpan<byte> name)
    {
        byte[][] names = _server.VariantNames;
        for (int i = 0; i < names.Length; i++)
        {
            if (name.SequenceEqual(names[i]))
            {
                return i;
            }
        }

        throw new RpcException(RpcErrorCodes.BadRequest, $"Field 'variant': no variant '{System.Text.Encoding.UTF8.GetString(name)}'.");
    }

    /// <summary>Reads a map key into <paramref name="scratch"/>; -1 (and the key skipped) when it is not a short str.</summary>
    private static int ReadKey(scoped ref MessagePackReader reader, Span<byte> scratch)
    {
        if (reader.PeekType() != MessagePackType.String)
        {
            reader.Skip();
            return -1;
        }

        ReadOnlySequence<byte> key = reader.ReadStringSequence();
        if (key.Length > scratch.Length)
        {
            return -1;
        }

        key.CopyTo(scratch);
        return (int)key.Length;
    }

    /// <summary>Reads a str of at most <c>scratch.Length</c> bytes without allocating (names of tasks and variants).</summary>
    private static ReadOnlySpan<byte> ReadShortString(scoped ref MessagePackReader reader, Span<byte> scratch)
    {
        ReadOnlySequence<byte> value = reader.ReadStringSequence();
        if (value.Length > scratch.Length)
        {
            throw new RpcException(RpcErrorCodes.BadRequest, $"A name is at most {scratch.Length} bytes.");
        }

        value.CopyTo(scratch);
        return scratch[..(int)value.Length];
    }

    private void WriteDecision(Job job)
    {
        if (!BeginWrite(out MessagePackWriter w))
        {
            return;
        }

        long now = _server.Time.GetTimestamp();
        RpcWriter.WriteResultHeader(ref w, job.MessageId);
        w.WriteMapHeader(job.SessionId >= 0 ? 13 : 12);
        w.WriteString("action"u8);
        w.Write((long)job.Action);
        w.WriteString("probs"u8);
        ReadOnlySpan<float> probabilities = job.Probabilities.Span;
        w.WriteArrayHeader(probabilities.Length);
        foreach (float p in probabilities)
        {
            w.Write(p);
        }

        w.WriteString("variant"u8);
        w.WriteString(_server.VariantNames[job.Variant]);
        w.WriteString("degraded"u8);
        w.Write(job.Degraded);
        w.WriteString("expected_quality"u8);
        if (job.ExpectedQuality is { } quality)
        {
            w.Write(quality);
        }
        else
        {
            w.WriteNil();
        }

        w.WriteString("predicted_queue_us"u8);
        w.Write(_server.TicksToMicroseconds(job.PredictedQueue));
        w.WriteString("predicted_compute_us"u8);
        w.Write(_server.TicksToMicroseconds(job.PredictedCompute));
        w.WriteString("queue_us"u8);
        w.Write(_server.TicksToMicroseconds(job.StartedAt - job.ReceivedAt));
        w.WriteString("compute_us"u8);
        w.Write(job.Compute.TotalMicroseconds);
        w.WriteString("host_us"u8);
        w.Write(_server.TicksToMicroseconds(now - job.ReceivedAt));
        w.WriteString("deadline_met"u8);
        w.Write(now <= job.Deadline);
        w.WriteString("forced"u8);
        w.Write(job.Forced);
        if (job.SessionId >= 0)
        {
            w.WriteString("session"u8);
            w.Write(job.SessionId);
        }

        EndWrite(ref w);
    }
}
