using System.Buffers;

namespace Fpx.Protocol.Tests.Support;

/// <summary>Builds multi-segment sequences, to drive the reader's slow path.</summary>
public static class Segments
{
    /// <summary>Splits <paramref name="data"/> at the given offsets (empty segments allowed).</summary>
    public static ReadOnlySequence<byte> Split(byte[] data, params int[] cuts)
    {
        var pieces = new List<ReadOnlyMemory<byte>>();
        int previous = 0;
        foreach (int cut in cuts.Order())
        {
            pieces.Add(data.AsMemory(previous, cut - previous));
            previous = cut;
        }

        pieces.Add(data.AsMemory(previous));
        return Chain(pieces);
    }

    public static ReadOnlySequence<byte> OneBytePerSegment(byte[] data) =>
        data.Length == 0 ? ReadOnlySequence<byte>.Empty : Chain(Enumerable.Range(0, data.Length).Select(i => (ReadOnlyMemory<byte>)data.AsMemory(i, 1)).ToList());

    public static ReadOnlySequence<byte> Chain(IReadOnlyList<ReadOnlyMemory<byte>> pieces)
    {
        var first = new Segment(pieces[0], 0);
        Segment last = first;
        for (int i = 1; i < pieces.Count; i++)
        {
            last = last.Append(pieces[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
