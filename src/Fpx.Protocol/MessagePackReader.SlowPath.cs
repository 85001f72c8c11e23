using System.Buffers;
using System.Runtime.CompilerServices;

namespace Fpx.Protocol;

// Tokens split across segments. A header is at most 9 bytes (uint 64 / int 64 / float 64), so
// it is copied into a stack buffer and decoded by the same span primitive as the fast path.
public ref partial struct MessagePackReader
{
    /// <summary>
    /// Decodes a header at the reader's position, whether or not it crosses segments; moves
    /// past it on success and leaves the reader unmoved otherwise. Never throws.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static DecodeStatus TryReadHeader(ref SequenceReader<byte> reader, out MessagePackHeader header)
    {
        DecodeStatus status = MessagePackPrimitives.TryReadHeader(reader.UnreadSpan, out header, out int consumed);
        if (status == DecodeStatus.Success)
        {
            reader.Advance(consumed);
            return status;
        }

        return status == DecodeStatus.NeedMoreData ? TryReadHeaderAcrossSegments(ref reader, out header) : status;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static DecodeStatus TryReadHeaderAcrossSegments(ref SequenceReader<byte> reader, out MessagePackHeader header)
    {
        Span<byte> scratch = stackalloc byte[MessagePackCode.MaxHeaderSize];
        scratch = scratch[..(int)Math.Min(MessagePackCode.MaxHeaderSize, reader.Remaining)];
        reader.TryCopyTo(scratch);
        DecodeStatus status = MessagePackPrimitives.TryReadHeader(scratch, out header, out int consumed);
        if (status == DecodeStatus.Success)
        {
            reader.Advance(consumed);
        }

        return status;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private MessagePackHeader ReadHeaderSlow()
    {
        long start = _reader.Consumed;
        DecodeStatus status = TryReadHeaderAcrossSegments(ref _reader, out MessagePackHeader header);
        if (status == DecodeStatus.NeedMoreData)
        {
            ThrowHelper.ThrowTruncated(start);
        }

        if (status == DecodeStatus.Malformed)
        {
            ThrowHelper.ThrowReservedCode(start);
        }

        return header;
    }

    /// <summary>
    /// Copies the next <c>destination.Length</c> bytes (which may cross segment boundaries) into
    /// <paramref name="destination"/> and moves past them.
    /// </summary>
    private void CopyAndAdvance(scoped Span<byte> destination)
    {
        _reader.TryCopyTo(destination);
        _reader.Advance(destination.Length);
    }
}
