using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace Fpx.Protocol;

// str and bin (spec "str format family", "bin format family"). Every str is checked to be
// well-formed UTF-8 before it is returned, whether as a string or as bytes.
public ref partial struct MessagePackReader
{
    private const int StackCopyLimit = 256;

    /// <summary>Reads a str header and checks its length against the limit and the bytes present.</summary>
    /// <returns>Payload length in bytes; the payload follows.</returns>
    /// <exception cref="MessagePackException">Not a str, too long, or truncated.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadStringHeader()
    {
        long start = _reader.Consumed;
        ReadOnlySpan<byte> span = _reader.UnreadSpan;
        uint length;
        if (!span.IsEmpty && (span[0] & 0xe0) == MessagePackCode.MinFixStr)
        {
            length = span[0] & 0x1fu;
            _reader.Advance(1);
        }
        else
        {
            length = ReadHeader(MessagePackType.String, "a str").Length;
        }

        CheckPayload(length, _limits.MaxStringLength, MessagePackErrorKind.StringTooLong, "str", start);
        return (int)length;
    }

    /// <summary>Reads a str into a new string.</summary>
    /// <returns>The string.</returns>
    /// <exception cref="MessagePackException">Not a str, too long, not UTF-8, or truncated.</exception>
    public string ReadString()
    {
        int length = ReadStringHeader();
        ReadOnlySpan<byte> span = _reader.UnreadSpan;
        if (span.Length >= length)
        {
            span = span[..length];
            ValidateUtf8(span, _reader.Consumed);
            string value = Encoding.UTF8.GetString(span);
            _reader.Advance(length);
            return value;
        }

        return ReadStringAcrossSegments(length);
    }

    /// <summary>
    /// Reads a str as UTF-8 bytes without allocating, when its payload lies in one segment.
    /// </summary>
    /// <param name="utf8">The validated UTF-8 payload, valid as long as the underlying buffer is.</param>
    /// <returns>
    /// True when read; false (and the reader unmoved) when the payload crosses segments: then
    /// use <see cref="ReadStringSequence"/>.
    /// </returns>
    /// <exception cref="MessagePackException">Not a str, too long, not UTF-8, or truncated.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadStringSpan(out ReadOnlySpan<byte> utf8)
    {
        long start = _reader.Consumed;
        int length = ReadStringHeader();
        ReadOnlySpan<byte> span = _reader.UnreadSpan;
        if (span.Length >= length)
        {
            utf8 = span[..length];
            ValidateUtf8(utf8, _reader.Consumed);
            _reader.Advance(length);
            return true;
        }

        _reader.Rewind(_reader.Consumed - start);
        utf8 = default;
        return false;
    }

    /// <summary>Reads a str as UTF-8 bytes without allocating, wherever its payload lies.</summary>
    /// <returns>The validated UTF-8 payload, a slice of <see cref="Sequence"/>.</returns>
    /// <exception cref="MessagePackException">Not a str, too long, not UTF-8, or truncated.</exception>
    public ReadOnlySequence<byte> ReadStringSequence()
    {
        int length = ReadStringHeader();
        long payloadStart = _reader.Consumed;
        ReadOnlySequence<byte> payload = _reader.UnreadSequence.Slice(0, length);
        if (payload.IsSingleSegment)
        {
            ValidateUtf8(payload.FirstSpan, payloadStart);
        }
        else
        {
            ValidateUtf8(payload, payloadStart);
        }

        _reader.Advance(length);
        return payload;
    }

    /// <summary>Reads a bin header and checks its length against the limit and the bytes present.</summary>
    /// <returns>Payload length in bytes; the payload follows.</returns>
    /// <exception cref="MessagePackException">Not a bin, too long, or truncated.</exception>
    public int ReadBinaryHeader()
    {
        long start = _reader.Consumed;
        uint length = ReadHeader(MessagePackType.Binary, "a bin").Length;
        CheckPayload(length, _limits.MaxBinaryLength, MessagePackErrorKind.BinaryTooLong, "bin", start);
        return (int)length;
    }

    /// <summary>Reads a bin without copying it.</summary>
    /// <returns>The payload, a slice of <see cref="Sequence"/>.</returns>
    /// <exception cref="MessagePackException">Not a bin, too long, or truncated.</exception>
    public ReadOnlySequence<byte> ReadBinary()
    {
        int length = ReadBinaryHeader();
        return ReadRaw(length);
    }

    /// <summary>Reads the next <paramref name="length"/> bytes as they are (e.g. an ext payload).</summary>
    /// <param name="length">Bytes to read.</param>
    /// <returns>The bytes, a slice of <see cref="Sequence"/>.</returns>
    /// <exception cref="MessagePackException">Fewer bytes remain.</exception>
    public ReadOnlySequence<byte> ReadRaw(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (_reader.Remaining < length)
        {
            ThrowHelper.ThrowPayloadTruncated(_reader.Consumed, "payload", length, _reader.Remaining);
        }

        ReadOnlySequence<byte> slice = _reader.UnreadSequence.Slice(0, length);
        _reader.Advance(length);
        return slice;
    }

    /// <summary>Checks a payload length before anything is read or allocated for it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly void CheckPayload(uint length, int limit, MessagePackErrorKind kind, string what, long start)
    {
        if (length > (uint)limit)
        {
            ThrowHelper.ThrowLimit(kind, start, length, limit);
        }

        if (length > _reader.Remaining)
        {
            ThrowHelper.ThrowPayloadTruncated(start, what, length, _reader.Remaining);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ValidateUtf8(ReadOnlySpan<byte> utf8, long payloadStart)
    {
        int bad = Utf8Validation.IndexOfInvalid(utf8);
        if (bad >= 0)
        {
            ThrowHelper.ThrowInvalidUtf8(payloadStart + bad);
        }
    }

    private static void ValidateUtf8(in ReadOnlySequence<byte> utf8, long payloadStart)
    {
        // A code point may straddle segments, so validate a contiguous copy.
        int length = (int)utf8.Length;
        byte[]? rented = null;
        Span<byte> copy = length <= StackCopyLimit ? stackalloc byte[StackCopyLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            copy = copy[..length];
            utf8.CopyTo(copy);
            ValidateUtf8(copy, payloadStart);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private string ReadStringAcrossSegments(int length)
    {
        long payloadStart = _reader.Consumed;
        byte[]? rented = null;
        Span<byte> copy = length <= StackCopyLimit ? stackalloc byte[StackCopyLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            copy = copy[..length];
            CopyAndAdvance(copy);
            ValidateUtf8(copy, payloadStart);
            return Encoding.UTF8.GetString(copy);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
