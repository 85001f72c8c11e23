using System.Runtime.InteropServices;

namespace Fpx.Engine.Memory;

/// <summary>
/// Zeroed, 64-byte aligned native memory that can exceed 2 GiB (managed arrays cannot), released
/// on dispose or, as a last resort, by the finalizer. Weight matrices and the bandwidth probe live here.
/// </summary>
internal sealed unsafe partial class NativeBuffer : IDisposable
{
    public const int Alignment = 64;

    /// <summary>Buffers from this size up are aligned to 2 MiB and offered to the kernel as huge-page candidates.</summary>
    public const long HugePageThreshold = 4L << 20;
    private const nuint HugePageSize = 2 << 20;
    private byte* _pointer;

    public NativeBuffer(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        nuint size = (nuint)Math.Max(length, 1);
        bool huge = length >= HugePageThreshold;
        _pointer = (byte*)NativeMemory.AlignedAlloc(size, huge ? HugePageSize : (nuint)Alignment);
        if (_pointer == null)
        {
            throw new OutOfMemoryException($"could not allocate {length} bytes of native memory");
        }
        if (huge)
        {
            AdviseHugePages(_pointer, size);
        }
        NativeMemory.Clear(_pointer, size);
        if (length > 0)
        {
            GC.AddMemoryPressure(length);
        }
    }

    ~NativeBuffer() => Free();

    public long Length { get; }

    /// <summary>
    /// Transparent huge pages are "madvise" on this machine: without the advice, weights streamed
    /// from memory take a TLB miss every 4 KiB and a page fault per 4 KiB when first touched.
    /// Best effort: a kernel without THP ignores or refuses it and nothing else changes.
    /// </summary>
    private static void AdviseHugePages(byte* pointer, nuint size)
    {
        if (OperatingSystem.IsLinux())
        {
            const int MadvHugePage = 14;
            _ = Madvise(pointer, size, MadvHugePage);
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(void* address, nuint length, int advice);

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
