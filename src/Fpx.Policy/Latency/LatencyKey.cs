namespace Fpx.Policy.Latency;

/// <summary>What a service time depends on: the variant, the input length and the batch size.</summary>
public readonly record struct LatencyKey
{
    /// <summary>Creates a key.</summary>
    /// <param name="variant">Variant name, e.g. <c>fp8</c> or <c>fpx-g0.30</c>.</param>
    /// <param name="tokens">Input tokens of the request (or of the longest in the batch), ≥ 1.</param>
    /// <param name="batch">Requests in the batch, ≥ 1.</param>
    public LatencyKey(string variant, int tokens = 1, int batch = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(variant);
        ArgumentOutOfRangeException.ThrowIfLessThan(tokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        Variant = variant;
        Tokens = tokens;
        Batch = batch;
    }

    /// <summary>Variant name.</summary>
    public string Variant { get; }

    /// <summary>Input tokens.</summary>
    public int Tokens { get; }

    /// <summary>Batch size.</summary>
    public int Batch { get; }
}
