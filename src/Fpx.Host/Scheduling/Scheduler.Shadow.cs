using System.Numerics.Tensors;
using Fpx.Host.Backend;
using Fpx.Host.Tasks;
using Fpx.Policy.Shadow;

namespace Fpx.Host.Scheduling;

// Shadow evaluation (docs/decisions/0035-shadows-only-when-idle.md): a sampled stateless request
// served by a variant other than the reference (fp16) is copied into a preallocated slot when it
// finishes; when the compute thread has nothing else to run, the reference decides the same input
// and the AgreementTracker records whether the two actions agree. Shadows never delay queued work:
// sampling asks for an empty queue, and a pending shadow runs only when PumpOnce found nothing else.
internal sealed partial class Scheduler
{
    private const int ShadowSlots = 8;
    private const string ReferenceVariant = "fp16";

    private readonly ShadowState? _shadows;

    /// <summary>Live agreement with the reference variant, or null when shadows are off.</summary>
    public AgreementTracker? Agreements { get; }

    private ShadowState? CreateShadows(SchedulerOptions options, AgreementTracker? agreements)
    {
        int reference = -1;
        for (int v = 0; v < _backend.Variants.Count; v++)
        {
            if (_backend.Variants[v].Name == ReferenceVariant)
            {
                reference = v;
            }
        }

        if (agreements is null || options.ShadowFraction <= 0 || reference < 0)
        {
            return null;
        }

        // Asked on the compute thread only, right after a pass: nothing admitted and nothing queued.
        var sampler = new ShadowSampler(new ShadowSamplerOptions(options.ShadowFraction, seed: 0x5EED, ReferenceVariant),
            () => QueuedCount == 0 && !_intake.Reader.TryPeek(out _));
        return new ShadowState(sampler, reference);
    }

    /// <summary>Copies a finished stateless job into a free shadow slot when the sampler picks it (compute thread).</summary>
    private void ConsiderShadow(Job job)
    {
        ShadowState? s = _shadows;
        if (s is null || job.SessionId >= 0 || job.Variant == s.Reference || _stopping)
        {
            return;
        }

        if (!s.Sampler.ShouldShadow((ulong)++s.RequestIds, _backend.Variants[job.Variant].Name))
        {
            return;
        }

        Counters.ShadowSampled++;
        if (s.Pending == ShadowSlots)
        {
            Counters.ShadowDropped++;
            return;
        }

        ShadowSlot slot = s.Slots[(s.Head + s.Pending) % ShadowSlots];
        s.Pending++;
        slot.Task = job.Task!;
        slot.Variant = job.Variant;
        slot.Action = job.Action;
        if (slot.Tokens.Length < job.TokenCount)
        {
            slot.Tokens = new int[Math.Max(job.TokenCount, slot.Tokens.Length * 2)];
        }

        job.Tokens.Span.CopyTo(slot.Tokens);
        slot.TokenCount = job.TokenCount;
        int actions = job.Task!.ActionTokens.Length;
        if (slot.Probabilities.Length < actions)
        {
            slot.Probabilities = new float[Math.Max(actions, slot.Probabilities.Length * 2)];
        }
    }

    /// <summary>Runs one pending shadow if nothing else waits; true when it ran (compute thread).</summary>
    private bool TryRunShadow()
    {
        ShadowState? s = _shadows;
        if (s is null || s.Pending == 0 || _stopping || _intake.Reader.TryPeek(out _))
        {
            return false;
        }

        ShadowSlot slot = s.Slots[s.Head];
        s.Head = (s.Head + 1) % ShadowSlots;
        s.Pending--;
        TaskDefinition task = slot.Task!;
        Memory<float> probabilities = slot.Probabilities.AsMemory(0, task.ActionTokens.Length);
        s.Item[0] = new BackendItem(task.ActionTokens, slot.Tokens.AsMemory(0, slot.TokenCount), BackendItem.NoSession, probabilities);
        long start = _time.GetTimestamp();
        try
        {
            _backend.Decide(s.Reference, s.Item, s.Times);
        }
        catch (Exception e)
        {
            _log.Warning($"shadow pass failed: {e.Message}");
            return true;
        }
        finally
        {
            s.Item[0] = default;
        }

        long ticks = _time.GetTimestamp() - start;
        Latency.Record(s.Reference, ticks);
        _observer?.OnPass(new PassRecord(s.Reference, Math.Max(1, slot.TokenCount), 1, ticks, PassKind.Shadow));
        int reference = task.ActionTokens.Span[TensorPrimitives.IndexOfMax<float>(probabilities.Span)];
        Agreements!.Record(task.Name, _backend.Variants[slot.Variant].Name, reference == slot.Action);
        Counters.ShadowRun++;
        slot.Task = null;
        return true;
    }

    private sealed class ShadowState(ShadowSampler sampler, int reference)
    {
        public readonly ShadowSampler Sampler = sampler;
        public readonly int Reference = reference;
        public readonly ShadowSlot[] Slots = [.. Enumerable.Range(0, ShadowSlots).Select(_ => new ShadowSlot())];
        public readonly BackendItem[] Item = new BackendItem[1];
        public readonly TimeSpan[] Times = new TimeSpan[1];
        public long RequestIds;
        public int Head;
        public int Pending;
    }

    private sealed class ShadowSlot
    {
        public TaskDefinition? Task;
        public int Variant;
        public int Action;
        public int[] Tokens = new int[64];
        public int TokenCount;
        public float[] Probabilities = new float[16];
    }
}
