using System.Buffers;
using System.Runtime.CompilerServices;

namespace Fpx.Protocol;

/// <summary>
/// Finds where the next complete MessagePack value ends in the bytes received so far, without
/// allocating and without recursing: what a System.IO.Pipelines connection loop uses to cut
/// frames. Depth, lengths and total size are checked as soon as a header announces them, so an
/// <c>array 32</c> claiming 2^32-1 elements fails at its header instead of waiting for data.
/// </summary>
public static partial class MessagePackFrameScanner
{
    private const int StackDepth = 128;

    /// <summary>Scans the value at the start of <paramref name="buffer"/>.</summary>
    /// <param name="buffer">Bytes received so far; the value starts at the first byte.</param>
    /// <param name="limits">Limits for untrusted input; <see cref="MessagePackLimits.Default"/> when null.</param>
    /// <returns>
    /// <see cref="DecodeStatus.Success"/> with the value's length; <see cref="DecodeStatus.NeedMoreData"/>
    /// when the buffer ends inside the value (or is empty); <see cref="DecodeStatus.Malformed"/> with the
    /// offset and reason when no further bytes can make it valid.
    /// </returns>
    public static FrameScanResult TryScanValue(in ReadOnlySequence<byte> buffer, MessagePackLimits? limits = null)
    {
        var reader = new SequenceReader<byte>(buffer);
        DecodeStatus status = Scan(ref reader, limits ?? MessagePackLimits.Default, out ScanError error);
        return status == DecodeStatus.Success
            ? new FrameScanResult(status, reader.Consumed, default)
            : new FrameScanResult(status, 0, error);
    }

    /// <summary>
    /// Moves <paramref name="reader"/> past one whole value. On failure the reader's position is
    /// unspecified and <paramref name="error"/> says what and where (offsets are <c>Consumed</c> values).
    /// </summary>
    internal static DecodeStatus Scan(ref SequenceReader<byte> reader, MessagePackLimits limits, out ScanError error)
    {
        int maxDepth = limits.MaxDepth;
        long[]? rented = null;
        // pending[d] = values still expected at nesting level d; level 0 holds the one top-level value.
        Span<long> pending = maxDepth < StackDepth
            ? stackalloc long[maxDepth + 1]
            : (rented = ArrayPool<long>.Shared.Rent(maxDepth + 1));
        try
        {
            return Scan(ref reader, limits, pending, out error);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<long>.Shared.Return(rented);
            }
        }
    }

    private static DecodeStatus Scan(ref SequenceReader<byte> reader, MessagePackLimits limits, scoped Span<long> pending, out ScanError error)
    {
        long start = reader.Consumed;
        long maxFrame = limits.MaxFrameSize;
        int depth = 0;
        pending[0] = 1;
        // Values announced by headers but not started yet; each needs at least one more byte,
        // which bounds the frame's size from below before its bytes arrive.
        long announced = 1;

        while (true)
        {
            // Fast path: a scalar (int, nil, bool, float) that lies whole in the current segment.
            ReadOnlySpan<byte> span = reader.UnreadSpan;
            int scalarSize = span.IsEmpty ? 0 : MessagePackCode.ScalarSizes[span[0]];
            if (scalarSize != 0 && span.Length >= scalarSize)
            {
                long tokenOffset = reader.Consumed;
                reader.Advance(scalarSize);
                pending[depth]--;
                announced--;
                long used = reader.Consumed - start + announced;
                if (used > maxFrame)
                {
                    error = new ScanError(MessagePackErrorKind.FrameTooLarge, tokenOffset, used, (int)maxFrame);
                    return DecodeStatus.Malformed;
                }
            }
            else if (!ScanToken(ref reader, limits, pending, ref depth, ref announced, start, out error, out DecodeStatus failure))
            {
                return failure;
            }

            while (pending[depth] == 0)
            {
                if (depth == 0)
                {
                    error = default;
                    return DecodeStatus.Success;
                }

                depth--;
            }
        }
    }

    /// <summary>Any token, through the general header decoder; false with the status on failure.</summary>
    private static bool ScanToken(
        ref SequenceReader<byte> reader,
        MessagePackLimits limits,
        scoped Span<long> pending,
        ref int depth,
        ref long announced,
        long start,
        out ScanError error,
        out DecodeStatus failure)
    {
        long maxFrame = limits.MaxFrameSize;
        int maxDepth = limits.MaxDepth;
        failure = DecodeStatus.Malformed;
        long tokenStart = reader.Consumed;
        DecodeStatus status = MessagePackReader.TryReadHeader(ref reader, out MessagePackHeader header);
        if (status != DecodeStatus.Success)
        {
            error = status == DecodeStatus.Malformed
                ? new ScanError(MessagePackErrorKind.ReservedCode, tokenStart, 0, 0)
                : new ScanError(MessagePackErrorKind.Truncated, tokenStart, 0, 0);
            failure = status;
            return false;
        }

        pending[depth]--;
        announced--;
        switch (header.Type)
        {
            case MessagePackType.String:
            case MessagePackType.Binary:
            case MessagePackType.Extension:
                (MessagePackErrorKind kind, int limit) = header.Type switch
                {
                    MessagePackType.String => (MessagePackErrorKind.StringTooLong, limits.MaxStringLength),
                    MessagePackType.Binary => (MessagePackErrorKind.BinaryTooLong, limits.MaxBinaryLength),
                    _ => (MessagePackErrorKind.ExtensionTooLong, limits.MaxExtensionLength),
                };
                if (header.Length > (uint)limit)
                {
                    error = new ScanError(kind, tokenStart, header.Length, limit);
                    return false;
                }

                long needed = reader.Consumed - start + header.Length + announced;
                if (needed > maxFrame)
                {
                    error = new ScanError(MessagePackErrorKind.FrameTooLarge, tokenStart, needed, (int)maxFrame);
                    return false;
                }

                if (reader.Remaining < header.Length)
                {
                    error = new ScanError(MessagePackErrorKind.Truncated, tokenStart, header.Length, 0);
                    failure = DecodeStatus.NeedMoreData;
                    return false;
                }

                reader.Advance(header.Length);
                break;

            case MessagePackType.Array:
            case MessagePackType.Map:
                if (header.Length > (uint)limits.MaxCollectionLength)
                {
                    error = new ScanError(MessagePackErrorKind.CollectionTooLong, tokenStart, header.Length, limits.MaxCollectionLength);
                    return false;
                }

                if (depth >= maxDepth)
                {
                    error = new ScanError(MessagePackErrorKind.DepthExceeded, tokenStart, depth + 1, maxDepth);
                    return false;
                }

                long elements = header.Type == MessagePackType.Map ? 2L * header.Length : header.Length;
                long minimum = reader.Consumed - start + announced + elements;
                if (minimum > maxFrame)
                {
                    error = new ScanError(MessagePackErrorKind.FrameTooLarge, tokenStart, minimum, (int)maxFrame);
                    return false;
                }

                if (elements != 0)
                {
                    pending[++depth] = elements;
                    announced += elements;
                }

                break;

            default:
                // nil, bool, int, float: the header is the whole value.
                long used = reader.Consumed - start + announced;
                if (used > maxFrame)
                {
                    error = new ScanError(MessagePackErrorKind.FrameTooLarge, tokenStart, used, (int)maxFrame);
                    return false;
                }

                if (header.Type == MessagePackType.Unknown)
                {
                    error = new ScanError(MessagePackErrorKind.ReservedCode, tokenStart, 0, 0);
                    return false;
                }

                break;
        }


        error = default;
        return true;
    }

    /// <summary>What went wrong in a scan, kept as numbers so that the failure path allocates only when a message is asked for.</summary>
    internal readonly struct ScanError
    {
        public ScanError(MessagePackErrorKind kind, long offset, long claimed, int limit)
        {
            Kind = kind;
            Offset = offset;
            Claimed = claimed;
            Limit = limit;
        }

        public MessagePackErrorKind Kind { get; }

        public long Offset { get; }

        public long Claimed { get; }

        public int Limit { get; }

        public string Describe() => Kind switch
        {
            MessagePackErrorKind.ReservedCode => "Format byte 0xc1 is reserved by the MessagePack spec and never used",
            MessagePackErrorKind.Truncated when Claimed > 0 => $"The data ends inside a payload of {Claimed} bytes",
            MessagePackErrorKind.Truncated => "The data ends inside a value",
            MessagePackErrorKind.DepthExceeded => ThrowHelper.LimitMessage("nesting depth", Claimed, Limit),
            MessagePackErrorKind.CollectionTooLong => ThrowHelper.LimitMessage("collection length", Claimed, Limit),
            MessagePackErrorKind.StringTooLong => ThrowHelper.LimitMessage("str length", Claimed, Limit),
            MessagePackErrorKind.BinaryTooLong => ThrowHelper.LimitMessage("bin length", Claimed, Limit),
            MessagePackErrorKind.ExtensionTooLong => ThrowHelper.LimitMessage("ext length", Claimed, Limit),
            MessagePackErrorKind.FrameTooLarge => $"The value needs at least {Claimed} bytes, more than the frame limit of {Limit}",
            _ => Kind.ToString(),
        };

        [MethodImpl(MethodImplOptions.NoInlining)]
        public MessagePackException ToException() =>
            new(Kind, Offset, Describe());
    }
}
