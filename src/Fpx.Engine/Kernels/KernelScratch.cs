using Fpx.Engine.Memory;

namespace Fpx.Engine.Kernels;

/// <summary>Per-thread buffers for prepared activations, grown on demand and then reused.</summary>
internal sealed unsafe class KernelScratch
{
    [ThreadStatic] private static KernelScratch? t_current;
    private NativeBuffer? _floats;

    public static KernelScratch ForCurrentThread => t_current ??= new KernelScratch();

    public Q8Activations Q8 { get; } = new();

    /// <summary>Room for <paramref name="count"/> floats, 64-byte aligned.</summary>
    public float* Floats(long count)
    {
        long bytes = count * sizeof(float);
        if (_floats is null || _floats.Length < bytes)
        {
            _floats?.Dispose();
            _floats = new NativeBuffer(Math.Max(bytes, 4096) * 2);
        }
        return (float*)_floats.Pointer;
    }
}
