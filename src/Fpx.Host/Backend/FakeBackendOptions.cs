namespace Fpx.Host.Backend;

/// <summary>How the <see cref="FakeBackend"/> spends its simulated compute time.</summary>
public enum FakeComputeMode
{
    /// <summary>Busy-waits on the clock: precise, burns a core like a real forward pass.</summary>
    Spin,
    /// <summary>Sleeps (Thread.Sleep): imprecise (about 1 ms granularity) but leaves the core free.</summary>
    Sleep,
    /// <summary>Does not wait; reports the simulated time and calls <see cref="FakeBackendOptions.OnCompute"/> (tests advance a fake clock there).</summary>
    Virtual,
}

/// <summary>Settings of the <see cref="FakeBackend"/>, validated at construction.</summary>
public sealed class FakeBackendOptions
{
    private readonly IReadOnlyList<FakeVariant> _variants = FakeVariant.DefaultLadder();
    private readonly int _maxContextTokens = 4096;

    /// <summary>The variants, in any order. Default: <see cref="FakeVariant.DefaultLadder"/>.</summary>
    public IReadOnlyList<FakeVariant> Variants
    {
        get => _variants;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Count == 0)
            {
                throw new ArgumentException("At least one variant is needed.", nameof(Variants));
            }

            if (value.Select(v => v.Info.Name).Distinct(StringComparer.Ordinal).Count() != value.Count)
            {
                throw new ArgumentException("Variant names must be distinct.", nameof(Variants));
            }

            if (value.Any(v => v.BaseCompute < TimeSpan.Zero || v.PerToken < TimeSpan.Zero))
            {
                throw new ArgumentException("Compute times must not be negative.", nameof(Variants));
            }

            _variants = value.ToArray();
        }
    }

    /// <summary>How simulated compute time is spent. Default <see cref="FakeComputeMode.Spin"/>.</summary>
    public FakeComputeMode Mode { get; init; } = FakeComputeMode.Spin;

    /// <summary>Seed of the hash that makes the "model" output. Default 42.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Most tokens per session or request. Range 1..1,000,000; default 4096.</summary>
    public int MaxContextTokens
    {
        get => _maxContextTokens;
        init => _maxContextTokens = value is >= 1 and <= 1_000_000
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxContextTokens), value, "MaxContextTokens must be in [1, 1000000].");
    }

    /// <summary>Called on the compute thread with each pass's simulated time (in every mode), e.g. to advance a fake clock.</summary>
    public Action<TimeSpan>? OnCompute { get; init; }

    /// <summary>The clock used to spin and to measure. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
