using System.Buffers;
using System.Runtime.CompilerServices;

namespace Fpx.Protocol;

/// <summary>
/// Reads MessagePack values from a <see cref="ReadOnlySequence{T}"/> (one received frame, or
/// any buffer). Each read either returns a value and moves past it, or throws a
/// <see cref="MessagePackException"/> that names the byte offset and a stable
/// <see cref="MessagePackErrorKind"/>. Tokens that lie inside the current segment take an
/// inlined fast path; tokens split across segments take a separate slow path.
/// </summary>
/// <remarks>
/// Lengths are checked against <see cref="MessagePackLimits"/> and against the bytes present
/// before anything is allocated. Nesting depth is enforced by <see cref="Skip"/> and by the
/// <see cref="MessagePackFrameScanner"/>, which a connection runs on every frame before
/// reading it; code that walks untrusted data recursively with this reader should scan first.
/// </remarks>
public ref partial struct MessagePackReader
{
    private SequenceReader<byte> _reader;
    private readonly MessagePackLimits _limits;

    /// <summary>Creates a reader over a sequence.</summary>
    /// <param name="sequence">The bytes to read.</param>
    /// <param name="limits">Limits for untrusted input; <see cref="MessagePackLimits.Default"/> when null.</param>
    public MessagePackReader(ReadOnlySequence<byte> sequence, MessagePackLimits? limits = null)
    {
        _reader = new SequenceReader<byte>(sequence);
        _limits = limits ?? MessagePackLimits.Default;
    }

    /// <summary>Creates a reader over contiguous memory.</summary>
    /// <param name="memory">The bytes to read.</param>
    /// <param name="limits">Limits for untrusted input; <see cref="MessagePackLimits.Default"/> when null.</param>
    public MessagePackReader(ReadOnlyMemory<byte> memory, MessagePackLimits? limits = null)
        : this(new ReadOnlySequence<byte>(memory), limits)
    {
    }

    /// <summary>The limits this reader enforces.</summary>
    public readonly MessagePackLimits Limits => _limits;

    /// <summary>The whole sequence being read.</summary>
    public readonly ReadOnlySequence<byte> Sequence => _reader.Sequence;

    /// <summary>The position of the next unread byte.</summary>
    public readonly SequencePosition Position => _reader.Position;

    /// <summary>Bytes read so far: also the offset that errors report.</summary>
    public readonly long Consumed => _reader.Consumed;

    /// <summary>Bytes not read yet.</summary>
    public readonly long Remaining => _reader.Remaining;

    /// <summary>True when every byte has been read.</summary>
    public readonly bool End => _reader.End;

    /// <summary>The format byte of the next value, without reading it.</summary>
    /// <returns>The format byte.</returns>
    /// <exception cref="MessagePackException">No bytes remain.</exception>
    public readonly byte PeekCode()
    {
        if (!_reader.TryPeek(out byte code))
        {
            ThrowHelper.ThrowTruncated(_reader.Consumed);
        }

        return code;
    }

    /// <summary>The type of the next value, without reading it.</summary>
    /// <returns>The type; <see cref="MessagePackType.Unknown"/> for the reserved byte 0xc1.</returns>
    /// <exception cref="MessagePackException">No bytes remain.</exception>
    public readonly MessagePackType PeekType() => MessagePackCode.TypeOf(PeekCode());

    /// <summary>Decodes the next header (fast path inside the current segment).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private MessagePackHeader ReadHeader()
    {
        if (MessagePackPrimitives.TryReadHeader(_reader.UnreadSpan, out MessagePackHeader header, out int consumed) == DecodeStatus.Success)
        {
            _reader.Advance(consumed);
            return header;
        }

        return ReadHeaderSlow();
    }

    /// <summary>Decodes the next header and checks its type.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private MessagePackHeader ReadHeader(MessagePackType expected, string expectedName)
    {
        long start = _reader.Consumed;
        MessagePackHeader header = ReadHeader();
        if (header.Type != expected)
        {
            ThrowHelper.ThrowTypeMismatch(expectedName, header.Code, start);
        }

        return header;
    }
}
