using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Fpx.Protocol;

// str and bin (spec "str format family", "bin format family"). Strings are encoded strictly:
// a lone UTF-16 surrogate or invalid pre-encoded UTF-8 throws rather than going out as U+FFFD.
public ref partial struct MessagePackWriter
{
    /// <summary>Writes a string as str, or nil when it is null.</summary>
    /// <param name="value">The string.</param>
    /// <exception cref="ArgumentException">The string holds a lone surrogate.</exception>
    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteNil();
            return;
        }

        WriteString(value.AsSpan());
    }

    /// <summary>Writes characters as a UTF-8 str in its smallest format.</summary>
    /// <param name="value">The characters.</param>
    /// <exception cref="ArgumentException">The characters hold a lone surrogate.</exception>
    public void WriteString(scoped ReadOnlySpan<char> value)
    {
        int byteCount = Utf8Validation.Strict.GetByteCount(value);
        WriteStringHeader(byteCount);
        Span<byte> span = Reserve(byteCount);
        int written = Utf8Validation.Strict.GetBytes(value, span);
        Commit(written);
    }

    /// <summary>Writes pre-encoded UTF-8 as a str (the fast path for constant keys such as <c>"code"u8</c>).</summary>
    /// <param name="utf8">Well-formed UTF-8.</param>
    /// <exception cref="ArgumentException">The bytes are not well-formed UTF-8.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteString(scoped ReadOnlySpan<byte> utf8)
    {
        if (Utf8Validation.IndexOfInvalid(utf8) >= 0)
        {
            ThrowInvalidUtf8();
        }

        WriteStringHeader(utf8.Length);
        WriteRaw(utf8);
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowInvalidUtf8() =>
        throw new ArgumentException("The bytes are not well-formed UTF-8.", "utf8");

    /// <summary>Writes a str header in its smallest format (fixstr, str 8/16/32); that many UTF-8 bytes must follow.</summary>
    /// <param name="byteLength">Payload length in bytes.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteStringHeader(int byteLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteLength);
        Span<byte> span = Reserve(5);
        if (byteLength <= 31)
        {
            span[0] = (byte)(MessagePackCode.MinFixStr | byteLength);
            Commit(1);
        }
        else
        {
            WriteLengthHeader(span, (uint)byteLength, MessagePackCode.Str8, MessagePackCode.Str16, MessagePackCode.Str32);
        }
    }

    /// <summary>Writes a bin header in its smallest format (bin 8/16/32); that many bytes must follow.</summary>
    /// <param name="length">Payload length in bytes.</param>
    public void WriteBinaryHeader(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        WriteLengthHeader(Reserve(5), (uint)length, MessagePackCode.Bin8, MessagePackCode.Bin16, MessagePackCode.Bin32);
    }

    /// <summary>Writes bytes as a bin.</summary>
    /// <param name="bytes">The bytes.</param>
    public void WriteBinary(scoped ReadOnlySpan<byte> bytes)
    {
        WriteBinaryHeader(bytes.Length);
        WriteRaw(bytes);
    }

    private void WriteLengthHeader(Span<byte> span, uint length, byte code8, byte code16, byte code32)
    {
        if (length <= byte.MaxValue)
        {
            span[0] = code8;
            span[1] = (byte)length;
            Commit(2);
        }
        else if (length <= ushort.MaxValue)
        {
            span[0] = code16;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)length);
            Commit(3);
        }
        else
        {
            span[0] = code32;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], length);
            Commit(5);
        }
    }
}
