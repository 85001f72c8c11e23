using System.Runtime.InteropServices;

namespace Fpx.Engine.Memory;

/// <summary>
/// Zeroed, 64-byte aligned native memory that can exceed 2 GiB (managed arrays cannot), released
/// on dispose or, as a last resort, by the finalizer. Weight matrices and the bandwidth probe live here.
/// </summary>
internal sealed unsafe class NativeBuffer : IDisposable
{
    public const int Alignment = 64;
    private byte* _pointer;

    public NativeBuffer(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        nuint size = (nuint)Math.Max(length, 1);
        _pointer = (byte*)NativeMemory.AlignedAlloc(size, Alignment);
        if (_pointer == null)
        {
            throw new OutOfMemoryException($"could not allocate {length} bytes of native memory");
        }
        NativeMemory.Clear(_pointer, size);
        if (length > 0)
        {
            GC.AddMemoryPressure(length);
        }
    }

    ~NativeBuffer() => Free();

    public long Length { get; }

    public byte* Pointer => _pointer != null ? _pointer : throw new ObjectDisposedException(nameof(NativeBuffer));

    /// <summary>A span over part of the buffer (at most 2^31-1 bytes at once).</summary>
    public Span<byte> Slice(long offset, int length)
    {
        if (offset < 0 || length < 0 || offset + length > Length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset));
        }
        return new Span<byte>(Pointer + offset, length);
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        if (_pointer != null)
        {
            NativeMemory.AlignedFree(_pointer);
            _pointer = null;
            if (Length > 0)
            {
                GC.RemoveMemoryPressure(Length);
            }
        }
    }
}
