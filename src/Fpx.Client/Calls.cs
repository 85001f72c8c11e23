using System.Buffers;
using Fpx.Protocol;
using Fpx.Protocol.Rpc;

namespace Fpx.Client;

/// <summary>A <c>decide</c> call: parses the result map into a <see cref="Decision"/>.</summary>
internal sealed class DecideCall(CallPool<DecideCall> pool) : PendingCall<Decision>
{
    public Memory<float> Buffer;

    public override void Complete(in RpcMessage response)
    {
        ClientConnection connection = Connection!;
        if (response.IsError)
        {
            (string code, string message) = connection.ReadError(response);
            SetResult(Decision.Error(code, message));
            return;
        }

        Decision decision;
        try
        {
            decision = Parse(response, connection);
        }
        catch (MessagePackException e)
        {
            Fail(new FpxConnectionException($"The host sent a malformed decide result: {e.Message}", e));
            return;
        }

        SetResult(decision);
    }

    private Decision Parse(in RpcMessage response, ClientConnection connection)
    {
        MessagePackReader r = response.CreateResultReader(connection.Limits);
        int action = 0;
        Memory<float> probabilities = default;
        string? variant = null;
        bool degraded = false, met = false, forced = false;
        double pq = 0, pc = 0, q = 0, c = 0, h = 0;
        long session = 0;
        Span<byte> key = stackalloc byte[32];
        for (int n = r.ReadMapHeader(); n > 0; n--)
        {
            ReadOnlySequence<byte> k = r.ReadStringSequence();
            if (k.Length > key.Length)
            {
                r.Skip();
                continue;
            }

            k.CopyTo(key);
            ReadOnlySpan<byte> name = key[..(int)k.Length];
            if (name.SequenceEqual("action"u8)) action = r.ReadInt32();
            else if (name.SequenceEqual("probs"u8)) probabilities = ReadProbabilities(ref r);
            else if (name.SequenceEqual("variant"u8)) variant = connection.Intern(r.ReadStringSequence());
            else if (name.SequenceEqual("degraded"u8)) degraded = r.ReadBoolean();
            else if (name.SequenceEqual("deadline_met"u8)) met = r.ReadBoolean();
            else if (name.SequenceEqual("forced"u8)) forced = r.ReadBoolean();
            else if (name.SequenceEqual("predicted_queue_us"u8)) pq = r.ReadDouble();
            else if (name.SequenceEqual("predicted_compute_us"u8)) pc = r.ReadDouble();
            else if (name.SequenceEqual("queue_us"u8)) q = r.ReadDouble();
            else if (name.SequenceEqual("compute_us"u8)) c = r.ReadDouble();
            else if (name.SequenceEqual("host_us"u8)) h = r.ReadDouble();
            else if (name.SequenceEqual("session"u8)) session = r.ReadInt64();
            else r.Skip();
        }

        return new Decision
        {
            Action = action,
            Probabilities = probabilities,
            Variant = variant,
            Degraded = degraded,
            DeadlineMet = met,
            Forced = forced,
            PredictedQueueMicroseconds = pq,
            PredictedComputeMicroseconds = pc,
            QueueMicroseconds = q,
            ComputeMicroseconds = c,
            HostMicroseconds = h,
            Session = session,
        };
    }

    private Memory<float> ReadProbabilities(ref MessagePackReader r)
    {
        int count = r.ReadArrayHeader();
        Memory<float> target = Buffer.Length >= count ? Buffer[..count] : new float[count];
        Span<float> span = target.Span;
        for (int i = 0; i < count; i++)
        {
            span[i] = r.ReadSingle();
        }

        return target;
    }

    protected override void Return()
    {
        Buffer = default;
        pool.Return(this);
    }
}

/// <summary>A <c>ping</c> call.</summary>
internal sealed class PingCall(CallPool<PingCall> pool) : PendingCall<bool>, System.Threading.Tasks.Sources.IValueTaskSource
{
    void System.Threading.Tasks.Sources.IValueTaskSource.GetResult(short token) => GetResult(token);

    public override void Complete(in RpcMessage response)
    {
        if (response.IsError)
        {
            (string code, string message) = Connection!.ReadError(response);
            Fail(new RpcException(code, message));
            return;
        }

        SetResult(true);
    }

    protected override void Return() => pool.Return(this);
}

/// <summary>Any other call: the result's encoded bytes are copied for the caller to read (these calls are rare).</summary>
internal sealed class RawCall(CallPool<RawCall> pool) : PendingCall<byte[]>
{
    public override void Complete(in RpcMessage response)
    {
        if (response.IsError)
        {
            (string code, string message) = Connection!.ReadError(response);
            Fail(new RpcException(code, message));
            return;
        }

        SetResult(response.Result.ToArray());
    }

    protected override void Return() => pool.Return(this);
}
