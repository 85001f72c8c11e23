using System.Buffers;

namespace Fpx.Protocol;

// Skipping whole values, with the same depth, length and size limits as the frame scanner.
public ref partial struct MessagePackReader
{
    /// <summary>
    /// Moves past the next value, however deeply nested, without allocating. Enforces every
    /// limit, including <see cref="MessagePackLimits.MaxDepth"/>, and does not recurse.
    /// </summary>
    /// <exception cref="MessagePackException">The value is malformed, exceeds a limit, or is truncated.</exception>
    public void Skip()
    {
        SequenceReader<byte> probe = _reader;
        DecodeStatus status = MessagePackFrameScanner.Scan(ref probe, _limits, out MessagePackFrameScanner.ScanError error);
        if (status != DecodeStatus.Success)
        {
            throw error.ToException();
        }

        _reader = probe;
    }

    /// <summary>Reads the next value as its raw encoded bytes (validated as by <see cref="Skip"/>).</summary>
    /// <returns>The encoded value, a slice of <see cref="Sequence"/>.</returns>
    /// <exception cref="MessagePackException">The value is malformed, exceeds a limit, or is truncated.</exception>
    public ReadOnlySequence<byte> ReadRaw()
    {
        SequencePosition start = _reader.Position;
        Skip();
        return _reader.Sequence.Slice(start, _reader.Position);
    }
}
