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
            w.WriteMapHeader(4);
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
            w.WriteString("profile"u8);
            w.Write(t.Profile is not null);
        }

        EndWrite(ref w);
    }

    private void HandleProfileGet(in RpcMessage message)
    {
        MessagePackReader reader = message.CreateParamsReader(_server.Options.Limits);
        if (reader.ReadArrayHeader() != 1)
        {
            throw new RpcException(RpcErrorCodes.BadRequest, "profile.get takes [task].");
        }

        string? json = _server.GetProfileJson(reader.ReadString());
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

        string task = reader.ReadString();
        string json = reader.ReadString();
        _server.PutProfile(task, json);
        if (BeginWrite(out MessagePackWriter w))
        {
            RpcWriter.WriteResultHeader(ref w, message.MessageId);
            w.Write(true);
            EndWrite(ref w);
        }
    }
}
