namespace Fpx.Engine.Runtime;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA
/// 2014): a tiny seeded generator whose output is fixed by its definition, unlike System.Random's,
/// so random models, default calibration tokens and sampling are reproducible everywhere.
/// </summary>
internal struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, n).</summary>
    public int NextInt(int n) => (int)((Next() >> 33) * (ulong)n >> 31);

    /// <summary>A seed mixed from several values (FNV-1a over their bytes, then one SplitMix step).</summary>
    public static ulong Mix(ulong a, ulong b, ulong c = 0)
    {
        ulong h = 0xCBF29CE484222325UL;
        foreach (ulong v in (ReadOnlySpan<ulong>)[a, b, c])
        {
            for (int i = 0; i < 8; i++)
            {
                h = (h ^ ((v >> (8 * i)) & 0xFF)) * 0x100000001B3UL;
            }
        }
        return new SplitMix64(h).Next();
    }

    /// <summary>A stable 64-bit hash of a string (FNV-1a over UTF-16 code units), unlike string.GetHashCode.</summary>
    public static ulong Hash(string text)
    {
        ulong h = 0xCBF29CE484222325UL;
        foreach (char ch in text)
        {
            h = (h ^ ch) * 0x100000001B3UL;
        }
        return h;
    }
}
