using Fpx.Engine.Model;
using Fpx.Engine.Quant;

namespace Fpx.Engine.Runtime;

/// <summary>
/// Every linear layer of the model, once per encoding that some variant needs (DESIGN.md, "Weight
/// pool and variants"). Filled at load, read-only afterwards except that encodings needed only
/// for load-time calibration are dropped again.
/// </summary>
internal sealed class WeightPool : IDisposable
{
    private readonly QuantizedMatrix?[]?[] _byEncoding;

    public WeightPool(int linearLayers, WeightFormat fp4Format)
    {
        LinearLayers = linearLayers;
        Fp4Format = fp4Format;
        _byEncoding = new QuantizedMatrix?[]?[Enum.GetValues<LinearEncoding>().Length];
    }

    public int LinearLayers { get; }

    public WeightFormat Fp4Format { get; }

    public bool Has(LinearEncoding encoding) => _byEncoding[(int)encoding] is not null;

    public IEnumerable<LinearEncoding> Encodings => Enum.GetValues<LinearEncoding>().Where(Has);

    /// <summary>Quantizes every linear layer into <paramref name="encoding"/> (no-op when present).</summary>
    public void Add(LinearEncoding encoding, Func<LinearLayer, WeightFormat, QuantizedMatrix> quantize)
    {
        if (Has(encoding))
        {
            return;
        }
        var format = encoding.Format(Fp4Format);
        var matrices = new QuantizedMatrix?[LinearLayers];
        try
        {
            for (int i = 0; i < LinearLayers; i++)
            {
                matrices[i] = quantize(LinearLayer.FromIndex(i), format);
            }
        }
        catch
        {
            foreach (var m in matrices)
            {
                m?.Dispose();
            }
            throw;
        }
        _byEncoding[(int)encoding] = matrices;
    }

    public void Remove(LinearEncoding encoding)
    {
        var matrices = _byEncoding[(int)encoding];
        _byEncoding[(int)encoding] = null;
        foreach (var m in matrices ?? [])
        {
            m?.Dispose();
        }
    }

    public QuantizedMatrix Get(int index, LinearEncoding encoding) =>
        _byEncoding[(int)encoding]?[index] ?? throw new InvalidOperationException($"the weight pool holds no {encoding.Name()} copy of the linear layers");

    public EncodingFootprint Footprint(LinearEncoding encoding)
    {
        var format = encoding.Format(Fp4Format);
        long parameters = 0, payload = 0, resident = 0;
        for (int i = 0; i < LinearLayers; i++)
        {
            var m = Get(i, encoding);
            parameters += (long)m.Rows * m.Cols;
            payload += m.PayloadBytes;
            resident += m.ResidentBytes;
        }
        return new EncodingFootprint(encoding, format, WeightFormatInfo.Of(format).BitsPerWeight, parameters, payload, resident);
    }

    public void Dispose()
    {
        foreach (var encoding in Enum.GetValues<LinearEncoding>())
        {
            Remove(encoding);
        }
    }
}
