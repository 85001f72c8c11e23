using System.Buffers;

namespace Fpx.Protocol.Tests.Support;

/// <summary>An <see cref="IBufferWriter{T}"/> that hands out the smallest span the contract allows, to exercise chunking.</summary>
public sealed class TinyBufferWriter : IBufferWriter<byte>
{
    private readonly List<byte> _written = [];
    private byte[] _current = [];

    public void Advance(int count) => _written.AddRange(_current.AsSpan(0, count).ToArray());

    public Memory<byte> GetMemory(int sizeHint = 0) => _current = new byte[Math.Max(1, sizeHint)];

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public byte[] ToArray() => [.. _written];
}
