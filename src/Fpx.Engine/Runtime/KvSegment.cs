namespace Fpx.Engine.Runtime;

/// <summary>
/// Keys and values of a run of consecutive positions [<see cref="Start"/>, Start + <see cref="Capacity"/>)
/// for every layer, FP32. Per layer, one array per K and V laid out head-major:
/// <c>[kvHead][position - Start][headDim]</c>, so the keys one query head scans are contiguous.
/// </summary>
/// <remarks>
/// Append-only: the owning session writes each position once and never rewrites it, so a
/// <see cref="KvView"/> over the first n positions is immutable and can be shared by forks without
/// copying (docs/decisions/0006-kv-cache-and-forking.md).
/// </remarks>
internal sealed class KvSegment
{
    public KvSegment(int layers, int kvHeads, int headDim, int start, int capacity)
    {
        Start = start;
        Capacity = capacity;
        HeadDim = headDim;
        HeadStride = capacity * headDim;
        Keys = new float[layers][];
        Values = new float[layers][];
        for (int l = 0; l < layers; l++)
        {
            Keys[l] = new float[kvHeads * HeadStride];
            Values[l] = new float[kvHeads * HeadStride];
        }
    }

    /// <summary>Absolute position of the first slot.</summary>
    public int Start { get; }

    public int Capacity { get; }

    public int HeadDim { get; }

    /// <summary>Floats between the same position of consecutive KV heads.</summary>
    public int HeadStride { get; }

    public float[][] Keys { get; }

    public float[][] Values { get; }

    public long Bytes => 2L * Keys.Length * (Keys.Length == 0 ? 0 : Keys[0].Length) * sizeof(float);

    /// <summary>Offset of (kvHead, absolute position) in a layer's K or V array.</summary>
    public int Offset(int kvHead, int position) => kvHead * HeadStride + (position - Start) * HeadDim;

    /// <summary>Stores the keys and values of one position (all KV heads, concatenated as the k/v projections emit them).</summary>
    public void Write(int layer, int position, ReadOnlySpan<float> keys, ReadOnlySpan<float> values)
    {
        int kvHeads = keys.Length / HeadDim;
        for (int h = 0; h < kvHeads; h++)
        {
            int at = Offset(h, position);
            keys.Slice(h * HeadDim, HeadDim).CopyTo(Keys[layer].AsSpan(at, HeadDim));
            values.Slice(h * HeadDim, HeadDim).CopyTo(Values[layer].AsSpan(at, HeadDim));
        }
    }
}

/// <summary>The first <see cref="Length"/> positions of a segment: a frozen, shareable piece of a session's cache.</summary>
/// <param name="Segment">The segment.</param>
/// <param name="Length">Positions visible through this view.</param>
internal readonly record struct KvView(KvSegment Segment, int Length);
