using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Fpx.Protocol;

/// <summary>
/// Writes MessagePack to an <see cref="IBufferWriter{T}"/>, always in the smallest encoding of
/// each value (spec "Serialization: type to format conversion"). Bytes are written into a span
/// obtained from the buffer writer and committed by <see cref="Flush"/>: call it when done.
/// </summary>
public ref partial struct MessagePackWriter
{
    private readonly IBufferWriter<byte> _output;
    private Span<byte> _span;
    private int _buffered;

    /// <summary>Creates a writer.</summary>
    /// <param name="output">Where the bytes go.</param>
    public MessagePackWriter(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _span = default;
        _buffered = 0;
    }

    /// <summary>Commits the bytes written so far to the underlying <see cref="IBufferWriter{T}"/>.</summary>
    public void Flush()
    {
        if (_buffered > 0)
        {
            _output.Advance(_buffered);
            _buffered = 0;
        }

        _span = default;
    }

    /// <summary>Returns a span of at least <paramref name="size"/> bytes to write into.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Reserve(int size)
    {
        if (_span.Length < size)
        {
            Grow(size);
        }

        return _span;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Commit(int size)
    {
        _span = _span[size..];
        _buffered += size;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int size)
    {
        Flush();
        _span = _output.GetSpan(size);
        if (_span.Length < size)
        {
            throw new InvalidOperationException($"The buffer writer returned {_span.Length} bytes when asked for {size}.");
        }
    }

    /// <summary>Writes nil.</summary>
    public void WriteNil()
    {
        Reserve(1)[0] = MessagePackCode.Nil;
        Commit(1);
    }

    /// <summary>Writes a bool.</summary>
    /// <param name="value">The value.</param>
    public void Write(bool value)
    {
        Reserve(1)[0] = value ? MessagePackCode.True : MessagePackCode.False;
        Commit(1);
    }

    /// <summary>
    /// Writes an integer in its smallest format: non-negative values as positive fixint or
    /// uint 8/16/32/64, negative ones as negative fixint or int 8/16/32/64.
    /// </summary>
    /// <param name="value">The value.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(long value)
    {
        if (value >= 0)
        {
            Write((ulong)value);
            return;
        }

        Span<byte> span = Reserve(9);
        int size;
        if (value >= -32)
        {
            span[0] = unchecked((byte)value); // negative fixint 111xxxxx
            size = 1;
        }
        else if (value >= sbyte.MinValue)
        {
            span[0] = MessagePackCode.Int8;
            span[1] = unchecked((byte)value);
            size = 2;
        }
        else if (value >= short.MinValue)
        {
            span[0] = MessagePackCode.Int16;
            BinaryPrimitives.WriteInt16BigEndian(span[1..], (short)value);
            size = 3;
        }
        else if (value >= int.MinValue)
        {
            span[0] = MessagePackCode.Int32;
            BinaryPrimitives.WriteInt32BigEndian(span[1..], (int)value);
            size = 5;
        }
        else
        {
            span[0] = MessagePackCode.Int64;
            BinaryPrimitives.WriteInt64BigEndian(span[1..], value);
            size = 9;
        }

        Commit(size);
    }

    /// <summary>Writes a non-negative integer in its smallest format (positive fixint or uint 8/16/32/64).</summary>
    /// <param name="value">The value.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(ulong value)
    {
        Span<byte> span = Reserve(9);
        int size;
        if (value <= MessagePackCode.MaxPositiveFixInt)
        {
            span[0] = (byte)value;
            size = 1;
        }
        else if (value <= byte.MaxValue)
        {
            span[0] = MessagePackCode.UInt8;
            span[1] = (byte)value;
            size = 2;
        }
        else if (value <= ushort.MaxValue)
        {
            span[0] = MessagePackCode.UInt16;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)value);
            size = 3;
        }
        else if (value <= uint.MaxValue)
        {
            span[0] = MessagePackCode.UInt32;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)value);
            size = 5;
        }
        else
        {
            span[0] = MessagePackCode.UInt64;
            BinaryPrimitives.WriteUInt64BigEndian(span[1..], value);
            size = 9;
        }

        Commit(size);
    }

    /// <summary>Writes a float 32.</summary>
    /// <param name="value">The value.</param>
    public void Write(float value)
    {
        Span<byte> span = Reserve(5);
        span[0] = MessagePackCode.Float32;
        BinaryPrimitives.WriteSingleBigEndian(span[1..], value);
        Commit(5);
    }

    /// <summary>Writes a float 64.</summary>
    /// <param name="value">The value.</param>
    public void Write(double value)
    {
        Span<byte> span = Reserve(9);
        span[0] = MessagePackCode.Float64;
        BinaryPrimitives.WriteDoubleBigEndian(span[1..], value);
        Commit(9);
    }

    /// <summary>Writes an array header; <paramref name="count"/> values must follow.</summary>
    /// <param name="count">Number of elements.</param>
    public void WriteArrayHeader(int count) =>
        WriteArrayHeader(checked((uint)count));

    /// <summary>Writes an array header in its smallest format (fixarray, array 16, array 32); <paramref name="count"/> values must follow.</summary>
    /// <param name="count">Number of elements.</param>
    public void WriteArrayHeader(uint count) =>
        WriteCollectionHeader(count, MessagePackCode.MinFixArray, MessagePackCode.Array16, MessagePackCode.Array32);

    /// <summary>Writes a map header; <paramref name="count"/> key-value pairs must follow, key first.</summary>
    /// <param name="count">Number of pairs.</param>
    public void WriteMapHeader(int count) =>
        WriteMapHeader(checked((uint)count));

    /// <summary>Writes a map header in its smallest format (fixmap, map 16, map 32); <paramref name="count"/> pairs must follow.</summary>
    /// <param name="count">Number of pairs.</param>
    public void WriteMapHeader(uint count) =>
        WriteCollectionHeader(count, MessagePackCode.MinFixMap, MessagePackCode.Map16, MessagePackCode.Map32);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteCollectionHeader(uint count, byte fixCode, byte code16, byte code32)
    {
        Span<byte> span = Reserve(5);
        if (count <= 15)
        {
            span[0] = (byte)(fixCode | count);
            Commit(1);
        }
        else if (count <= ushort.MaxValue)
        {
            span[0] = code16;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)count);
            Commit(3);
        }
        else
        {
            span[0] = code32;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], count);
            Commit(5);
        }
    }

    /// <summary>Copies already-encoded MessagePack bytes (or a payload after its header) as they are.</summary>
    /// <param name="bytes">The bytes.</param>
    public void WriteRaw(scoped ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length <= _span.Length)
        {
            bytes.CopyTo(_span);
            Commit(bytes.Length);
            return;
        }

        WriteRawChunked(bytes);
    }

    /// <summary>Copies already-encoded bytes from a sequence (for example a value from <see cref="MessagePackReader.ReadRaw()"/>).</summary>
    /// <param name="bytes">The bytes.</param>
    public void WriteRaw(in ReadOnlySequence<byte> bytes)
    {
        foreach (ReadOnlyMemory<byte> segment in bytes)
        {
            WriteRaw(segment.Span);
        }
    }

    private void WriteRawChunked(scoped ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            if (_span.IsEmpty)
            {
                Grow(1);
            }

            int n = Math.Min(_span.Length, bytes.Length);
            bytes[..n].CopyTo(_span);
            Commit(n);
            bytes = bytes[n..];
        }
    }
}
