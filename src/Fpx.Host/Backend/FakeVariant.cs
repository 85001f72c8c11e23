namespace Fpx.Host.Backend;

/// <summary>A variant of the <see cref="FakeBackend"/>: its description and how long it pretends to compute.</summary>
/// <param name="Info">Name, bits per weight, resident bytes, quality rank.</param>
/// <param name="BaseCompute">Time of one pass, whatever its size (the weight streaming a batch shares).</param>
/// <param name="PerToken">Extra time per input token in the pass.</param>
public sealed record FakeVariant(VariantInfo Info, TimeSpan BaseCompute, TimeSpan PerToken)
{
    /// <summary>Simulated compute time of a pass over <paramref name="tokens"/> tokens.</summary>
    /// <param name="tokens">Input tokens in the pass.</param>
    /// <returns>The time.</returns>
    public TimeSpan ComputeFor(long tokens) => BaseCompute + TimeSpan.FromTicks(PerToken.Ticks * tokens);

    /// <summary>
    /// The default ladder of a tiny model: fp16, fp8, fpx-g0.30, fp4, from best to fastest,
    /// with compute times multiplied by <paramref name="scale"/> (0 gives near-zero compute).
    /// </summary>
    /// <param name="scale">Multiplier of the nominal compute times (≥ 0).</param>
    /// <returns>The variants.</returns>
    public static IReadOnlyList<FakeVariant> DefaultLadder(double scale = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(scale);
        TimeSpan Us(double us) => TimeSpan.FromTicks((long)Math.Round(us * scale * TimeSpan.TicksPerMicrosecond));
        const long Params = 1_000_000;
        return
        [
            new(new VariantInfo("fp16", 16, Params * 2, 0), Us(400), Us(2)),
            new(new VariantInfo("fp8", 8, Params, 1), Us(200), Us(1)),
            new(new VariantInfo("fpx-g0.30", 6.9, (long)(Params * 0.86), 2), Us(150), Us(0.8)),
            new(new VariantInfo("fp4", 4.25, Params * 17 / 32, 3), Us(100), Us(0.5)),
        ];
    }
}
