namespace Fpx.Scenarios;

/// <summary>
/// One observation field: a contiguous range of token ids, one per bucket. Each field has its own
/// ids, so a token says both what it measures and its value (the model needs no position trick).
/// </summary>
public sealed class TokenField
{
    internal TokenField(string name, int first, IReadOnlyList<string> labels)
    {
        Name = name;
        First = first;
        Labels = labels;
    }

    /// <summary>Field name, e.g. <c>ret_1s</c>.</summary>
    public string Name { get; }

    /// <summary>Token id of bucket 0.</summary>
    public int First { get; }

    /// <summary>Bucket labels, in bucket order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Number of buckets.</summary>
    public int Count => Labels.Count;

    /// <summary>The token of <paramref name="bucket"/> (clamped into range: out-of-range values fall in the edge buckets).</summary>
    public int Token(int bucket) => First + Math.Clamp(bucket, 0, Count - 1);

    /// <summary>The bucket of <paramref name="token"/>, or -1 when the token is not this field's.</summary>
    public int Bucket(int token) => token >= First && token < First + Count ? token - First : -1;
}
