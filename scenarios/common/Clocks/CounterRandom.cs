namespace Fpx.Scenarios;

/// <summary>
/// Counter-based randomness (SplitMix64 finalizer): a pure function of its key, so a sample does not
/// depend on how many others were drawn before it or in which order concurrent work finished.
/// </summary>
public static class CounterRandom
{
    /// <summary>The SplitMix64 output function: a bijective 64-bit mix.</summary>
    public static ulong Finalize(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A key from four parts (seed, stream, counter, salt).</summary>
    public static ulong Mix(ulong a, ulong b, ulong c, ulong d)
    {
        ulong h = Finalize(a + 0x9E3779B97F4A7C15UL);
        h = Finalize(h ^ (b + 0x9E3779B97F4A7C15UL));
        h = Finalize(h ^ (c + 0x9E3779B97F4A7C15UL));
        return Finalize(h ^ (d + 0x9E3779B97F4A7C15UL));
    }

    /// <summary>FNV-1a: a stable string hash (string.GetHashCode is randomized per process).</summary>
    public static ulong Hash(string text)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in text)
        {
            h = (h ^ c) * 1099511628211UL;
        }
        return h;
    }

    /// <summary>Uniform in (0, 1).</summary>
    public static double Uniform(ulong key) => ((Finalize(key) >> 11) + 0.5) * (1.0 / (1UL << 53));

    /// <summary>Standard normal by Box-Muller from two uniforms derived from the key.</summary>
    public static double Normal(ulong key)
    {
        double u1 = Uniform(key);
        double u2 = Uniform(key ^ 0xD1B54A32D192ED03UL);
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
