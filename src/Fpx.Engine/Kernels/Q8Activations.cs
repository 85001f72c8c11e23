using Fpx.Engine.Memory;

namespace Fpx.Engine.Kernels;

/// <summary>
/// Activation vectors quantized to int8 per block of 32 (scale = amax / 127, as ggml's q8_0), the
/// input of the FP4 integer-dot kernels. Values are stored in the order in which one 32-byte load
/// of packed FP4 codes (two blocks) yields them: for blocks 2p and 2p+1, the even-indexed elements
/// of 2p, then those of 2p+1, then the odd-indexed of 2p, then of 2p+1. Low nibbles of the load are
/// the even elements, high nibbles the odd ones, so the weights need no shuffling
/// (shared/KERNEL-NOTES.md, "permute the activations once"). The block count is padded to even.
/// Buffers grow on demand and are reused, so steady-state calls allocate nothing.
/// </summary>
internal sealed unsafe class Q8Activations : IDisposable
{
    public const int BlockSize = 32;
    private NativeBuffer? _buffer;

    /// <summary>Blocks per activation vector (the last may be padded with zeros).</summary>
    public int Blocks { get; private set; }

    public int Batch { get; private set; }

    /// <summary>Blocks per vector rounded up to even: the stride of <see cref="Values"/> is this x 32.</summary>
    public int PaddedBlocks => (Blocks + 1) & ~1;

    /// <summary>PaddedBlocks x 32 values per vector, vectors one after another.</summary>
    public sbyte* Values { get; private set; }

    /// <summary>One scale per block (amax / 127).</summary>
    public float* Scales { get; private set; }

    /// <summary>Two sums per block: of the values of elements 0..15 and of 16..31 (NVFP4 blocks are 16 wide).</summary>
    public int* HalfSums { get; private set; }

    public long VectorValueStride => (long)PaddedBlocks * BlockSize;

    /// <summary>
    /// For the AVX2 kernel, per pair of blocks, eight floats: half of block 2p's scale four times,
    /// then half of block 2p+1's (the lanes of a pair's int32 sums; the half undoes the doubled E2M1 table).
    /// </summary>
    public float* PairScales { get; private set; }

    public long PairScaleStride => (long)PaddedBlocks / 2 * 8;

    /// <summary>Per block of 32: 12 x (scale / 2) x (sum of the block's int8 values), the table offset to take back out.</summary>
    public float* Corrections32 { get; private set; }

    public long Correction32Stride => Align8(Blocks);

    /// <summary>The same per half block of 16 (NVFP4's block size).</summary>
    public float* Corrections16 { get; private set; }

    public long Correction16Stride => Align8(2L * Blocks);

    public void Prepare(int cols, int batch)
    {
        int blocks = (cols + BlockSize - 1) / BlockSize;
        long values = (long)((blocks + 1) & ~1) * BlockSize * batch;
        long scales = (long)blocks * batch * sizeof(float);
        long sums = (long)blocks * 2 * batch * sizeof(int);
        long pairScales = (long)((blocks + 1) / 2) * 8 * batch * sizeof(float);
        long corrections32 = Align8(blocks) * batch * sizeof(float);
        long corrections16 = Align8(2L * blocks) * batch * sizeof(float);
        long need = values + scales + sums + pairScales + corrections32 + corrections16 + 6 * NativeBuffer.Alignment;
        if (_buffer is null || _buffer.Length < need)
        {
            _buffer?.Dispose();
            _buffer = new NativeBuffer(need * 2);
        }
        Blocks = blocks;
        Batch = batch;
        byte* p = _buffer.Pointer;
        Values = (sbyte*)p;
        Scales = (float*)AlignUp(p + values);
        HalfSums = (int*)AlignUp((byte*)Scales + scales);
        PairScales = (float*)AlignUp((byte*)HalfSums + sums);
        Corrections32 = (float*)AlignUp((byte*)PairScales + pairScales);
        Corrections16 = (float*)AlignUp((byte*)Corrections32 + corrections32);
    }

    /// <summary>Fills <see cref="PairScales"/> and the corrections of one vector from its scales and sums.</summary>
    public void BuildKernelTables(int vector)
    {
        float* pairScales = PairScales + vector * PairScaleStride;
        float* c32 = Corrections32 + vector * Correction32Stride;
        float* c16 = Corrections16 + vector * Correction16Stride;
        for (int b = 0; b < PaddedBlocks; b++)
        {
            float half = b < Blocks ? 0.5f * Scales[vector * Blocks + b] : 0f;
            for (int lane = 0; lane < 4; lane++)
            {
                pairScales[(b >> 1) * 8 + (b & 1) * 4 + lane] = half;
            }
            if (b < Blocks)
            {
                int low = HalfSums[(vector * Blocks + b) * 2];
                int high = HalfSums[(vector * Blocks + b) * 2 + 1];
                c32[b] = 12f * half * (low + high);
                c16[2 * b] = 12f * half * low;
                c16[2 * b + 1] = 12f * half * high;
            }
        }
    }

    private static long Align8(long n) => (n + 7) & ~7L;

    /// <summary>Reference quantization of vector <paramref name="vector"/> (also the scalar path).</summary>
    public void QuantizeScalar(ReadOnlySpan<float> x, int vector)
    {
        sbyte* values = Values + vector * VectorValueStride;
        for (int b = 0; b < Blocks; b++)
        {
            int start = b * BlockSize;
            int n = Math.Min(BlockSize, x.Length - start);
            float amax = 0;
            for (int i = 0; i < n; i++)
            {
                amax = MathF.Max(amax, MathF.Abs(x[start + i]));
            }
            float scale = amax / 127f;
            float inverse = amax == 0 ? 0 : 127f / amax;
            int low = 0, high = 0;
            for (int i = 0; i < BlockSize; i++)
            {
                int q = i < n ? (int)MathF.Round(x[start + i] * inverse, MidpointRounding.ToEven) : 0;
                q = Math.Clamp(q, -127, 127);
                values[Offset(b, i)] = (sbyte)q;
                if (i < 16)
                {
                    low += q;
                }
                else
                {
                    high += q;
                }
            }
            Scales[vector * Blocks + b] = scale;
            HalfSums[(vector * Blocks + b) * 2] = low;
            HalfSums[(vector * Blocks + b) * 2 + 1] = high;
        }
        ClearPadding(vector);
    }

    /// <summary>Zeroes the padding block of an odd block count, which kernels read as a pair's second half.</summary>
    public void ClearPadding(int vector)
    {
        if ((Blocks & 1) != 0)
        {
            sbyte* values = Values + vector * VectorValueStride;
            for (int i = 0; i < BlockSize; i++)
            {
                values[Offset(Blocks, i)] = 0;
            }
        }
    }

    /// <summary>Where element <paramref name="i"/> of block <paramref name="block"/> is stored within a vector.</summary>
    public static int Offset(int block, int i) => (block >> 1) * 64 + (i & 1) * 32 + (block & 1) * 16 + (i >> 1);

    public void Dispose() => _buffer?.Dispose();

    private static byte* AlignUp(byte* p) =>
        (byte*)(((nuint)p + NativeBuffer.Alignment - 1) & ~(nuint)(NativeBuffer.Alignment - 1));
}
