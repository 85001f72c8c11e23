using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Fpx.Protocol;

// nil, bool, int and float (spec "nil format", "bool format family", "int format family",
// "float format family"). Every int format is accepted whatever its width, since writers
// differ in which one they pick; only the value must fit the type asked for.
public ref partial struct MessagePackReader
{
    /// <summary>Reads nil if it comes next.</summary>
    /// <returns>True (and moved past it) when the next value is nil; false (unmoved) otherwise.</returns>
    /// <exception cref="MessagePackException">No bytes remain.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadNil()
    {
        if (PeekCode() == MessagePackCode.Nil)
        {
            _reader.Advance(1);
            return true;
        }

        return false;
    }

    /// <summary>Reads nil.</summary>
    /// <exception cref="MessagePackException">The next value is not nil, or no bytes remain.</exception>
    public void ReadNil()
    {
        if (!TryReadNil())
        {
            ThrowHelper.ThrowTypeMismatch("nil", PeekCode(), _reader.Consumed);
        }
    }

    /// <summary>Reads a bool.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="MessagePackException">The next value is not a bool, or no bytes remain.</exception>
    public bool ReadBoolean()
    {
        byte code = PeekCode();
        if (code is not (MessagePackCode.True or MessagePackCode.False))
        {
            ThrowHelper.ThrowTypeMismatch("bool", code, _reader.Consumed);
        }

        _reader.Advance(1);
        return code == MessagePackCode.True;
    }

    /// <summary>Reads an integer of any int format.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="MessagePackException">Not an integer, above <see cref="long.MaxValue"/>, or truncated.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ReadInt64()
    {
        // Fast path: fixints are one byte and by far the most common integers on the wire.
        ReadOnlySpan<byte> span = _reader.UnreadSpan;
        if (!span.IsEmpty)
        {
            byte code = span[0];
            if (code <= MessagePackCode.MaxPositiveFixInt)
            {
                _reader.Advance(1);
                return code;
            }

            if (code >= MessagePackCode.MinNegativeFixInt)
            {
                _reader.Advance(1);
                return (sbyte)code;
            }
        }

        return ReadInt64Header("Int64");
    }

    /// <summary>
    /// int 8/16/32/64 and uint 8/16/32/64 decoded straight from the current segment: the general
    /// header decoder costs several times more for these common tokens.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryReadWideInteger(out ulong bits, out bool negative)
    {
        ReadOnlySpan<byte> span = _reader.UnreadSpan;
        if (span.Length >= 9)
        {
            int size;
            switch (span[0])
            {
                case MessagePackCode.UInt8: bits = span[1]; size = 2; negative = false; break;
                case MessagePackCode.UInt16: bits = BinaryPrimitives.ReadUInt16BigEndian(span[1..]); size = 3; negative = false; break;
                case MessagePackCode.UInt32: bits = BinaryPrimitives.ReadUInt32BigEndian(span[1..]); size = 5; negative = false; break;
                case MessagePackCode.UInt64: bits = BinaryPrimitives.ReadUInt64BigEndian(span[1..]); size = 9; negative = false; break;
                case MessagePackCode.Int8: bits = (ulong)(sbyte)span[1]; size = 2; negative = (long)bits < 0; break;
                case MessagePackCode.Int16: bits = (ulong)BinaryPrimitives.ReadInt16BigEndian(span[1..]); size = 3; negative = (long)bits < 0; break;
                case MessagePackCode.Int32: bits = (ulong)BinaryPrimitives.ReadInt32BigEndian(span[1..]); size = 5; negative = (long)bits < 0; break;
                case MessagePackCode.Int64: bits = (ulong)BinaryPrimitives.ReadInt64BigEndian(span[1..]); size = 9; negative = (long)bits < 0; break;
                default: bits = 0; negative = false; return false;
            }

            _reader.Advance(size);
            return true;
        }

        bits = 0;
        negative = false;
        return false;
    }

    private long ReadInt64Header(string target)
    {
        long start = _reader.Consumed;
        if (TryReadWideInteger(out ulong bits, out bool negative))
        {
            if (!negative && bits > long.MaxValue)
            {
                ThrowHelper.ThrowOverflow(target, start);
            }

            return (long)bits;
        }

        MessagePackHeader header = ReadHeader(MessagePackType.Integer, "an integer");
        if (!header.TryGetInt64(out long value))
        {
            ThrowHelper.ThrowOverflow(target, start);
        }

        return value;
    }

    /// <summary>Reads a non-negative integer of any int format.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="MessagePackException">Not an integer, negative, or truncated.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadUInt64()
    {
        ReadOnlySpan<byte> span = _reader.UnreadSpan;
        if (!span.IsEmpty && span[0] <= MessagePackCode.MaxPositiveFixInt)
        {
            _reader.Advance(1);
            return span[0];
        }

        return ReadUInt64Header();
    }

    private ulong ReadUInt64Header()
    {
        long start = _reader.Consumed;
        if (TryReadWideInteger(out ulong bits, out bool negative))
        {
            if (negative)
            {
                ThrowHelper.ThrowOverflow("UInt64", start);
            }

            return bits;
        }

        MessagePackHeader header = ReadHeader(MessagePackType.Integer, "an integer");
        if (!header.TryGetUInt64(out ulong value))
        {
            ThrowHelper.ThrowOverflow("UInt64", start);
        }

        return value;
    }

    /// <summary>Reads an integer that must fit in <see cref="int"/>.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="MessagePackException">Not an integer, out of range, or truncated.</exception>
    public int ReadInt32()
    {
        long start = _reader.Consumed;
        long value = ReadInt64Header("Int32");
        if (value is < int.MinValue or > int.MaxValue)
        {
            ThrowHelper.ThrowOverflow("Int32", start);
        }

        return (int)value;
    }

    /// <summary>Reads an integer that must fit in <see cref="uint"/>.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="MessagePackException">Not an integer, out of range, or truncated.</exception>
    public uint ReadUInt32()
    {
        long start = _reader.Consumed;
        long value = ReadInt64Header("UInt32");
        if (value is < 0 or > uint.MaxValue)
        {
            ThrowHelper.ThrowOverflow("UInt32", start);
        }

        return (uint)value;
    }

    /// <summary>
    /// Reads a float 64 or float 32 (widened exactly). An integer is accepted too and converted
    /// (rounding to nearest above 2^53), because JavaScript encoders write whole-valued numbers
    /// such as 1.0 as ints.
    /// </summary>
    /// <returns>The value.</returns>
    /// <exception cref="MessagePackException">Not a number, or truncated.</exception>
    public double ReadDouble()
    {
        ReadOnlySpan<byte> span = _reader.UnreadSpan;
        if (span.Length >= 9 && span[0] == MessagePackCode.Float64)
        {
            _reader.Advance(9);
            return BinaryPrimitives.ReadDoubleBigEndian(span[1..]);
        }

        if (span.Length >= 5 && span[0] == MessagePackCode.Float32)
        {
            _reader.Advance(5);
            return BinaryPrimitives.ReadSingleBigEndian(span[1..]);
        }

        long start = _reader.Consumed;
        MessagePackHeader header = ReadHeader();
        if (header.Type == MessagePackType.Float)
        {
            return header.DoubleValue;
        }

        return IntegerAsDouble(header, start);
    }

    /// <summary>
    /// Reads a float 32, or a float 64 or integer rounded to the nearest float 32 (the
    /// narrowing is the caller's choice by asking for a float).
    /// </summary>
    /// <returns>The value.</returns>
    /// <exception cref="MessagePackException">Not a number, or truncated.</exception>
    public float ReadSingle()
    {
        ReadOnlySpan<byte> span = _reader.UnreadSpan;
        if (span.Length >= 5 && span[0] == MessagePackCode.Float32)
        {
            _reader.Advance(5);
            return BinaryPrimitives.ReadSingleBigEndian(span[1..]);
        }

        long start = _reader.Consumed;
        MessagePackHeader header = ReadHeader();
        if (header.Code == MessagePackCode.Float32)
        {
            return BitConverter.UInt32BitsToSingle((uint)header.Bits);
        }

        return header.Type == MessagePackType.Float ? (float)header.DoubleValue : (float)IntegerAsDouble(header, start);
    }

    private static double IntegerAsDouble(MessagePackHeader header, long start)
    {
        if (header.Type != MessagePackType.Integer)
        {
            ThrowHelper.ThrowTypeMismatch("a number", header.Code, start);
        }

        return header.IsNegative ? (long)header.Bits : (double)header.Bits;
    }
}
