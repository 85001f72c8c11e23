using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Fpx.Engine.Model;

/// <summary>
/// One safetensors file, validated and memory-mapped read-only. Tensors are read from the map row by
/// row and widened to FP32 on the fly, so a large F16/BF16 tensor is never copied whole
/// (safetensors layout: u64 little-endian header length N, N bytes of JSON header, then the data).
/// The header is validated against the file's length before the map is created, so no read
/// through the map can fall outside the file as it was when opened.
/// </summary>
internal sealed unsafe class SafeTensorsFile : IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly Dictionary<string, TensorEntry> _byName;
    private byte* _base;

    private SafeTensorsFile(string path, long length, long dataStart, IReadOnlyList<TensorEntry> tensors, byte[] headerHash,
        MemoryMappedFile map, MemoryMappedViewAccessor view)
    {
        Path = path;
        Length = length;
        DataStart = dataStart;
        Tensors = tensors;
        HeaderHash = headerHash;
        _map = map;
        _view = view;
        _byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _base = pointer + view.PointerOffset;
    }

    public string Path { get; }

    public long Length { get; }

    /// <summary>Offset of the data section: 8 + header length.</summary>
    public long DataStart { get; }

    public IReadOnlyList<TensorEntry> Tensors { get; }

    /// <summary>SHA-256 of the length prefix and header: identifies the file's layout for ladder fingerprints.</summary>
    public byte[] HeaderHash { get; }

    public bool TryGet(string name, out TensorEntry entry) => _byName.TryGetValue(name, out entry!);

    /// <summary>Opens and validates <paramref name="path"/>; every failure is a <see cref="ModelFormatException"/>.</summary>
    public static SafeTensorsFile Open(string path)
    {
        if (!File.Exists(path))
        {
            ModelFormatException.Throw(ModelErrorCode.FileNotFound, path, null, "the file does not exist");
        }
        FileStream? stream = null;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess);
            long length = stream.Length;
            if (length < 8)
            {
                ModelFormatException.Throw(ModelErrorCode.FileTooSmall, path, null, $"the file has {length} bytes; a safetensors file starts with an 8-byte header length");
            }
            Span<byte> prefix = stackalloc byte[8];
            RandomAccess.Read(stream.SafeFileHandle, prefix, 0);
            ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
            if (headerLength > ModelLimits.MaxHeaderBytes)
            {
                ModelFormatException.Throw(ModelErrorCode.HeaderTooLarge, path, null, $"the header claims {headerLength} bytes; the limit is {ModelLimits.MaxHeaderBytes}");
            }
            if ((long)headerLength > length - 8)
            {
                ModelFormatException.Throw(ModelErrorCode.HeaderTruncated, path, null, $"the header claims {headerLength} bytes but only {length - 8} follow the length");
            }
            var header = new byte[headerLength];
            ReadExactly(stream, header, 8);
            long dataStart = 8 + (long)headerLength;
            var tensors = SafeTensorsHeader.Parse(header, length - dataStart, path);
            byte[] hash;
            using (var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256))
            {
                sha.AppendData(prefix);
                sha.AppendData(header);
                hash = sha.GetHashAndReset();
            }
            var map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            stream = null; // the map owns it now
            MemoryMappedViewAccessor view;
            try
            {
                view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            }
            catch
            {
                map.Dispose();
                throw;
            }
            return new SafeTensorsFile(path, length, dataStart, tensors, hash, map, view);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFormatException(ModelErrorCode.FileUnreadable, path, null, e.Message, e);
        }
        finally
        {
            stream?.Dispose();
        }
    }

    private static void ReadExactly(FileStream stream, byte[] buffer, long offset)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            int n = RandomAccess.Read(stream.SafeFileHandle, buffer.AsSpan(done), offset + done);
            if (n == 0)
            {
                throw new IOException("the file ended while reading the header");
            }
            done += n;
        }
    }

    /// <summary>Bytes [offset, offset + count) of a tensor's data, straight from the map.</summary>
    public ReadOnlySpan<byte> Bytes(TensorEntry entry, long offset, int count)
    {
        if (offset < 0 || count < 0 || entry.Begin + offset + count > entry.End)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"bytes [{offset}, {offset + count}) are outside tensor '{entry.Name}'");
        }
        ObjectDisposedException.ThrowIf(_base == null, this);
        return new ReadOnlySpan<byte>(_base + DataStart + entry.Begin + offset, count);
    }

    /// <summary>Writes elements [first, first + destination.Length) of a tensor, widened to FP32.</summary>
    public void ReadFloats(TensorEntry entry, long first, Span<float> destination)
    {
        int size = TensorDTypes.Size(entry.DType);
        var bytes = Bytes(entry, first * size, checked(destination.Length * size));
        Widen(entry.DType, bytes, destination);
    }

    /// <summary>F32/F16/BF16 little-endian bytes to FP32 (exact: every F16 and BF16 value is a float).</summary>
    internal static void Widen(TensorDType type, ReadOnlySpan<byte> source, Span<float> destination)
    {
        switch (type)
        {
            case TensorDType.F32:
                MemoryMarshal.Cast<byte, float>(source).CopyTo(destination);
                break;
            case TensorDType.F16:
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(source), destination);
                break;
            case TensorDType.BF16:
            {
                var halves = MemoryMarshal.Cast<byte, ushort>(source);
                for (int i = 0; i < halves.Length; i++)
                {
                    destination[i] = BitConverter.Int32BitsToSingle(halves[i] << 16);
                }
                break;
            }
            default:
                throw new NotSupportedException(type.ToString());
        }
    }

    public void Dispose()
    {
        if (_base != null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _base = null;
        }
        _view.Dispose();
        _map.Dispose();
    }
}
