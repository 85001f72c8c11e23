using Fpx.Engine.Model;
using Fpx.Engine.Quant;

namespace Fpx.Engine.Runtime;

/// <summary>
/// A precision variant of a loaded model: one encoding per linear layer, pointing into the model's
/// weight pool. A variant owns no weights, so an FPX mix costs no memory beyond the FP8 and FP4
/// copies it points at. Immutable; belongs to the model that made it.
/// </summary>
public sealed class Variant
{
    private readonly LinearEncoding[] _encodings;
    private readonly QuantizedMatrix[] _matrices;

    internal Variant(TransformerModel model, string name, double? gamma, LinearEncoding[] encodings, QuantizedMatrix[] matrices)
    {
        Model = model;
        Name = name;
        Gamma = gamma;
        _encodings = encodings;
        _matrices = matrices;
        long parameters = 0, payload = 0, resident = 0;
        double bits = 0;
        foreach (var m in matrices)
        {
            long p = (long)m.Rows * m.Cols;
            parameters += p;
            bits += p * m.Info.BitsPerWeight;
            payload += m.PayloadBytes;
            resident += m.ResidentBytes;
        }
        BitsPerWeight = bits / parameters;
        WeightBytes = payload;
        ResidentBytes = resident;
        Fp4Layers = encodings.Count(e => e == LinearEncoding.Fp4);
    }

    /// <summary>The model whose weight pool this variant points into.</summary>
    public TransformerModel Model { get; }

    /// <summary>Name, e.g. <c>fp8</c> or <c>fpx-g0.30</c>.</summary>
    public string Name { get; }

    /// <summary>The FPX mix ratio (fraction of linear layers in FP4), or null for a uniform variant.</summary>
    public double? Gamma { get; }

    /// <summary>Encoding of every linear layer, indexed by <see cref="LinearLayer.Index"/>.</summary>
    public IReadOnlyList<LinearEncoding> Encodings => _encodings;

    /// <summary>Linear layers held in FP4.</summary>
    public int Fp4Layers { get; }

    /// <summary>Nominal bits per linear-layer weight (element codes plus block scales), averaged over parameters.</summary>
    public double BitsPerWeight { get; }

    /// <summary>Bytes a forward pass streams through the linear layers: codes, block and row scales.</summary>
    public long WeightBytes { get; }

    /// <summary>Resident bytes of the linear-layer matrices this variant uses (shared with other variants).</summary>
    public long ResidentBytes { get; }

    /// <summary>The encoding of one linear layer.</summary>
    public LinearEncoding Encoding(LinearLayer layer) => _encodings[layer.Index];

    internal QuantizedMatrix Matrix(int layer, LinearKind kind) => _matrices[layer * LinearLayer.PerLayer + (int)kind];

    /// <inheritdoc/>
    public override string ToString() => Name;
}
