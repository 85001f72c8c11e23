using Fpx.Host.Scheduling;
using Fpx.Host.Tasks;
using Fpx.Policy.Latency;
using Fpx.Policy.Profiles;
using Fpx.Policy.Shadow;
using Fpx.Protocol;
using Fpx.Protocol.Rpc;

namespace Fpx.Host.Server;

// stats: counters, then what the policy knows: per task and variant the profile's quality next to
// the live agreement shadows measured, and per variant the predictor's live latency quantiles.
// Rare, so it may allocate (the predictor's summary, the tracker's rows).
internal sealed partial class Connection
{
    private void WriteStats(uint id)
    {
        ServerCounters c = _server.Counters;
        SchedulerCounters s = _server.Scheduler.Counters;
        IReadOnlyList<LatencySummary> cells = (_server.Selector as PolicySelector)?.Predictor.Summarize() ?? [];
        IReadOnlyList<TaskDefinition> tasks = _server.Tasks.All;
        if (!BeginWrite(out MessagePackWriter w))
        {
            return;
        }

        RpcWriter.WriteResultHeader(ref w, id);
        w.WriteMapHeader(21);
        static void Pair(ref MessagePackWriter w, ReadOnlySpan<byte> key, long value)
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
        Pair(ref w, "degraded"u8, s.Degraded);
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

        w.WriteString("shadow"u8);
        w.WriteMapHeader(3);
        Pair(ref w, "sampled"u8, s.ShadowSampled);
        Pair(ref w, "run"u8, s.ShadowRun);
        Pair(ref w, "dropped"u8, s.ShadowDropped);
        WriteQuality(ref w, tasks);
        WriteLatency(ref w, cells);
        EndWrite(ref w);
    }

    /// <summary><c>quality</c>: {task: {variant: {quality, profile_agreement, live_agreement, shadows}}} for tasks with a profile.</summary>
    private void WriteQuality(ref MessagePackWriter w, IReadOnlyList<TaskDefinition> tasks)
    {
        w.WriteString("quality"u8);
        w.WriteMapHeader(tasks.Count(t => t.Profile is not null));
        foreach (TaskDefinition task in tasks)
        {
            if (task.Profile is not { } profile)
            {
                continue;
            }

            IReadOnlyList<QualityComparison> rows = _server.Agreements.Compare(profile);
            w.WriteString(task.Name);
            w.WriteMapHeader(rows.Count);
            foreach (QualityComparison row in rows)
            {
                w.WriteString(row.Variant);
                w.WriteMapHeader(4);
                w.WriteString("quality"u8);
                w.Write(row.ProfiledQuality);
                w.WriteString("profile_agreement"u8);
                WriteOptional(ref w, row.ProfiledAgreement);
                w.WriteString("live_agreement"u8);
                WriteOptional(ref w, row.Live?.Rate);
                w.WriteString("shadows"u8);
                w.Write(row.Live?.Samples ?? 0);
            }
        }
    }

    /// <summary><c>latency</c>: {variant: [{max_tokens, batch, samples, mean_us, p50_us, p90_us, p99_us}]}, the predictor's live cells.</summary>
    private static void WriteLatency(ref MessagePackWriter w, IReadOnlyList<LatencySummary> cells)
    {
        w.WriteString("latency"u8);
        var byVariant = cells.GroupBy(c => c.Variant, StringComparer.Ordinal).ToList();
        w.WriteMapHeader(byVariant.Count);
        foreach (IGrouping<string, LatencySummary> variant in byVariant)
        {
            w.WriteString(variant.Key);
            w.WriteArrayHeader(variant.Count());
            foreach (LatencySummary cell in variant)
            {
                w.WriteMapHeader(7);
                w.WriteString("max_tokens"u8);
                w.Write((long)cell.MaxTokens);
                w.WriteString("batch"u8);
                w.Write((long)cell.Batch);
                w.WriteString("samples"u8);
                w.Write(cell.Samples);
                w.WriteString("mean_us"u8);
                w.Write(cell.MeanUs);
                w.WriteString("p50_us"u8);
                w.Write(cell.P50Us);
                w.WriteString("p90_us"u8);
                w.Write(cell.P90Us);
                w.WriteString("p99_us"u8);
                w.Write(cell.P99Us);
            }
        }
    }

    private static void WriteOptional(ref MessagePackWriter w, double? value)
    {
        if (value is { } v)
        {
            w.Write(v);
        }
        else
        {
            w.WriteNil();
        }
    }
}
