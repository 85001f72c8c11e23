namespace Fpx.Policy.Shadow;

/// <summary>
/// Decides whether a request should also run on the reference variant (fp16) so that its answer
/// can be compared with the chosen variant's. Sampling hashes the request id with a seed
/// (SplitMix64), so it is deterministic and needs no shared counter; a sampled request is shadowed
/// only when the spare-capacity predicate agrees, so shadows never compete with real work.
/// </summary>
public sealed class ShadowSampler
{
    private readonly Func<bool> _hasSpareCapacity;
    private readonly ulong _threshold;

    /// <summary>Creates a sampler.</summary>
    /// <param name="options">Fraction, seed and reference variant.</param>
    /// <param name="hasSpareCapacity">
    /// Asked only for sampled requests, on the caller's thread; should be cheap, e.g. "the queue is
    /// empty and the compute thread is idle".
    /// </param>
    public ShadowSampler(ShadowSamplerOptions options, Func<bool> hasSpareCapacity)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(hasSpareCapacity);
        Options = options;
        _hasSpareCapacity = hasSpareCapacity;

        // Compare the top 53 bits of the hash with fraction × 2^53: exact for every double fraction.
        _threshold = (ulong)(options.Fraction * (1UL << 53));
    }

    /// <summary>The settings.</summary>
    public ShadowSamplerOptions Options { get; }

    /// <summary>Whether the sampling hash selects <paramref name="requestId"/> (ignores capacity).</summary>
    /// <param name="requestId">A per-request id, unique within the run.</param>
    /// <returns>True for about <see cref="ShadowSamplerOptions.Fraction"/> of ids.</returns>
    public bool IsSampled(ulong requestId) => (Mix(Options.Seed ^ requestId) >> 11) < _threshold;

    /// <summary>
    /// Whether to run the request on the reference variant as well: it is sampled, it did not run
    /// on the reference variant already, and there is spare capacity.
    /// </summary>
    /// <param name="requestId">A per-request id.</param>
    /// <param name="chosenVariant">The variant the policy chose for it.</param>
    /// <returns>True to shadow.</returns>
    public bool ShouldShadow(ulong requestId, string chosenVariant) =>
        !string.Equals(chosenVariant, Options.ReferenceVariant, StringComparison.Ordinal)
        && IsSampled(requestId)
        && _hasSpareCapacity();

    // SplitMix64's finalizer (Steele, Lea, Flood, "Fast Splittable Pseudorandom Number Generators", 2014).
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
