using Fpx.Host.Backend;
using Fpx.Host.Scheduling;
using Fpx.Host.Tasks;
using Fpx.Protocol;
using Fpx.Protocol.Rpc;

namespace Fpx.Host.Server;

// variants, tasks, stats, profile.get, profile.put: answered on the receive loop's thread. These
// are rare, so they may allocate (strings for profiles and names).
internal sealed partial class Connection
{
    private void WriteVariants(uint id)
    {
        if (!BeginWrite(out MessagePackWriter w))
        {
            return;
        }

        IReadOnlyList<VariantInfo> variants = _server.Backend.Variants;
        RpcWriter.WriteResultHeader(ref w, id);
        w.WriteArrayHeader(variants.Count);
        for (int i = 0; i < variants.Count; i++)
        {
            VariantInfo v = variants[i];
            w.WriteMapHeader(6);
            w.WriteString("name"u8);
            w.WriteString(v.Name);
            w.WriteString("bits_per_weight"u8);
            w.Write(v.BitsPerWeight);
            w.WriteString("resident_bytes"u8);
            w.Write(v.ResidentBytes);
            w.WriteString("quality_rank"u8);
            w.Write((long)v.QualityRank);
            w.WriteString("p99_us"u8);
            w.Write(_server.TicksToMicroseconds(_server.Latency.P99(i)));
            w.WriteString("samples"u8);
            w.Write((long)_server.Latency.SampleCount(i));
        }

        EndWrite(ref w);
    }

    private void WriteTasks(uint id)
    {
        if (!BeginWrite(out MessagePackWriter w))
        {
            return;
        }

        IReadOnlyList<TaskDefinition> tasks = _server.Tasks.All;
        RpcWriter.WriteResultHeader(ref w, id);
        w.WriteArrayHeader(tasks.Count);
        foreach (TaskDefinition t in tasks)
        {
            w.WriteMapHeader(3);
            w.WriteString("name"u8);
            w.WriteString(t.Name);
            w.WriteString("actions"u8);
            w.WriteArrayHeader(t.ActionTokens.Length);
            foreach (int a in t.ActionTokens.Span)
            {
                w.Write((long)a);
            }

            w.WriteString("on_miss"u8);
            w.WriteString(t.OnMiss == OnMissRule.Degrade ? "degrade"u8 : "reject"u8);
        }

        EndWrite(ref w);
    }

    private void WriteStats(uint id)
    {
        ServerCounters c = _server.Counters;
        SchedulerCounters s = _server.Scheduler.Counters;
        if (!BeginWrite(out MessagePackWriter w))
        {
            return;
        }

        RpcWriter.WriteResultHeader(ref w, id);
        w.WriteMapHeader(17);
        void Pair(ref MessagePackWriter w, ReadOnlySpan<byte> key, long value)
        {
            w.WriteString(key);
            w.Write(value);
        }

        Pair(ref w, "connections"u8, _server.ConnectionCount);
        Pair(ref w, "accepted"u8, Interlocked.Read(ref c.Accepted));
        Pair(ref w, "refused"u8, Interlocked.Read(ref c.Refused));
        Pair(ref w, "protocol_errors"u8, Interlocked.Read(ref c.ProtocolErrors));
        Pair(ref w, "timed_out"u8, Interlocked.Read(ref c.TimedOut));
        Pair(ref w, "requests"u8, Interlocked.Read(ref c.Requests));
        Pair(ref w, "responses"u8, Interlocked.Read(ref c.Responses));
        Pair(ref w, "queued"u8, _server.Latency.Queued);
        Pair(ref w, "passes"u8, s.Passes);
        Pair(ref w, "decided"u8, s.Decided);
        Pair(ref w, "batched"u8, s.Batched);
        Pair(ref w, "max_batch"u8, s.MaxBatch);
        Pair(ref w, "sessions"u8, _server.Scheduler.OpenSessions);
        Pair(ref w, "slow_wakeups"u8, s.SlowWakeups);
        w.WriteString("pending_work_us"u8);
        w.Write(_server.TicksToMicroseconds(_server.Latency.PendingWork));
        w.WriteString("errors"u8);
        IReadOnlyList<string> codes = RpcErrorCodes.All;
        w.WriteMapHeader(codes.Count);
        for (int i = 0; i < codes.Count; i++)
        {
            w.WriteString(codes[i]);
            w.Write(Interlocked.Read(ref c.Errors[i]));
        }

        w.WriteString("variants"u8);
        w.WriteMapHeader(_server.Backend.Variants.Count);
        for (int i = 0; i < _server.Backend.Variants.Count; i++)
        {
            w.WriteString(_server.VariantNames[i]);
            w.Write(_server.TicksToMicroseconds(_server.Latency.P99(i)));
        }

        EndWrite(ref w);
    }

    private TaskDefinition ReadTaskParam(ref MessagePackReader reader)
    {
        string name = reader.ReadString();
        return _server.Tasks.Find(name) ?? throw new RpcException(RpcErrorCodes.UnknownTask, $"No task '{name}'.");
    }

    private void HandleProfileGet(in RpcMessage message)
    {
        MessagePackReader reader = message.CreateParamsReader(_server.Options.Limits);
        if (reader.ReadArrayHeader() != 1)
        {
            throw new RpcException(RpcErrorCodes.BadRequest, "profile.get takes [task].");
        }

        string? json = _server.Profiles.Get(ReadTaskParam(ref reader).Name);
        if (BeginWrite(out MessagePackWriter w))
        {
            RpcWriter.WriteResultHeader(ref w, message.MessageId);
            w.WriteString(json);
            EndWrite(ref w);
        }
    }

    private void HandleProfilePut(in RpcMessage message)
    {
        MessagePackReader reader = message.CreateParamsReader(_server.Options.Limits);
        if (reader.ReadArrayHeader() != 2)
        {
            throw new RpcException(RpcErrorCodes.BadRequest, "profile.put takes [task, profile_json].");
        }

        TaskDefinition task = ReadTaskParam(ref reader);
        string json = reader.ReadString();
        try
        {
            _server.Profiles.Put(task.Name, json);
        }
        catch (ArgumentException e)
        {
            throw new RpcException(RpcErrorCodes.BadRequest, e.Message, e);
        }

        if (BeginWrite(out MessagePackWriter w))
        {
            RpcWriter.WriteResultHeader(ref w, message.MessageId);
            w.Write(true);
            EndWrite(ref w);
        }
    }
}
