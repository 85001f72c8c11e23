using Fpx.Engine.Calibration;
using Fpx.Engine.Model;
using Fpx.Engine.Quant;

namespace Fpx.Engine.Runtime;

public sealed partial class TransformerModel
{
    /// <summary>
    /// Loads a Hugging Face model directory (config.json plus model.safetensors, or shards listed by
    /// model.safetensors.index.json; tensors F32, F16 or BF16). Everything is validated before use;
    /// each linear layer is quantized from the memory map, row by row, once per encoding the
    /// requested variants need. Mixes follow the ladder file beside the model
    /// (<see cref="LadderFile.FileName"/>) or, without one, the default calibration
    /// (<see cref="CalibrationData.Default"/>).
    /// </summary>
    /// <exception cref="ModelFormatException">The directory, a file, the ladder or a weight is invalid.</exception>
    /// <exception cref="ArgumentException">The options name an unknown variant.</exception>
    public static TransformerModel Load(string directory, ModelLoadOptions? options = null)
    {
        options ??= new ModelLoadOptions();
        var plan = VariantPlan.Parse(options.Variants);
        TransformerModel? model = null;
        try
        {
            using (var checkpoint = Checkpoint.Open(directory))
            {
                model = Build(checkpoint, options, checkpoint.Fingerprint, plan.Encodings);
                if (plan.HasMixes)
                {
                    string ladderPath = LadderFile.PathFor(directory, options.Fp4Format);
                    if (options.UseLadderFile && File.Exists(ladderPath))
                    {
                        model.Ladder = LadderFile.Read(ladderPath, model);
                        model.LadderSource = ladderPath;
                    }
                    else
                    {
                        // The paper's reference is FP16: quantize an F16 copy for the calibration alone when no variant keeps one.
                        bool temporary = !model._weights.Has(LinearEncoding.F16);
                        model.AddEncoding(checkpoint, LinearEncoding.F16);
                        model.AddEncoding(checkpoint, LinearEncoding.Fp4);
                        model.Ladder = FpxCalibrator.Calibrate(model, CalibrationData.Default(model.Config), CalibrationMeasures.LayerOutput);
                        model.LadderSource = "default calibration";
                        if (temporary)
                        {
                            model._weights.Remove(LinearEncoding.F16);
                        }
                    }
                }
            }
            model.AddVariants(plan);
            return model;
        }
        catch
        {
            model?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Builds a model with seeded random weights in memory (for benchmarks: no file). Mixes use a
    /// synthetic ladder (a seeded permutation of the linear layers): random weights have no
    /// meaningful sensitivity, and speed depends only on how many layers are FP4.
    /// </summary>
    public static TransformerModel CreateRandom(ModelConfig config, ModelLoadOptions? options = null, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        options ??= new ModelLoadOptions();
        var plan = VariantPlan.Parse(options.Variants);
        var model = Build(new RandomWeights(config, (ulong)seed), options, null, plan.Encodings);
        try
        {
            if (plan.HasMixes)
            {
                model.Ladder = Ladder.Synthetic(config, options.Fp4Format, seed);
                model.LadderSource = "synthetic (random model)";
            }
            model.AddVariants(plan);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static TransformerModel Build(IWeightSource source, ModelLoadOptions options, string? fingerprint, IEnumerable<LinearEncoding> encodings)
    {
        var c = source.Config;
        var disposables = new List<IDisposable>();
        try
        {
            var embedding = source.Quantize(LlamaLayout.Embedding, WeightFormat.F32);
            disposables.Add(embedding);
            QuantizedMatrix head;
            if (c.TieWordEmbeddings && options.HeadFormat == WeightFormat.F32)
            {
                head = embedding;
            }
            else
            {
                head = source.Quantize(c.TieWordEmbeddings ? LlamaLayout.Embedding : LlamaLayout.Head, options.HeadFormat);
                disposables.Add(head);
            }
            var layers = new DecoderLayerWeights[c.Layers];
            for (int l = 0; l < c.Layers; l++)
            {
                var biases = new float[]?[LinearLayer.PerLayer];
                foreach (var kind in Enum.GetValues<LinearKind>())
                {
                    if (LlamaLayout.HasBias(c, kind))
                    {
                        biases[(int)kind] = source.Vector(LlamaLayout.Bias(new LinearLayer(l, kind)));
                    }
                }
                layers[l] = new DecoderLayerWeights(source.Vector(LlamaLayout.InputNorm(l)), source.Vector(LlamaLayout.PostAttentionNorm(l)), biases);
            }
            var pool = new WeightPool(c.Layers * LinearLayer.PerLayer, options.Fp4Format);
            disposables.Add(pool);
            var model = new TransformerModel(c, options, pool, layers, embedding, head, source.Vector(LlamaLayout.FinalNorm), fingerprint);
            disposables.Clear();
            disposables.Add(model);
            foreach (var encoding in encodings)
            {
                model.AddEncoding(source, encoding);
            }
            return model;
        }
        catch
        {
            foreach (var d in disposables)
            {
                d.Dispose();
            }
            throw;
        }
    }

    private void AddEncoding(IWeightSource source, LinearEncoding encoding) =>
        _weights.Add(encoding, (linear, format) => source.Quantize(LlamaLayout.Weight(linear), format));

    private void AddVariants(VariantPlan plan)
    {
        foreach (var (name, uniform, gamma) in plan.Variants)
        {
            var variant = uniform is { } e ? CreateUniformVariant(e, name) : CreateMixVariant(gamma, name);
            _variants.Add(variant);
            _variantsByName.Add(name, variant);
        }
    }

    internal Variant CreateUniformVariant(LinearEncoding encoding, string? name = null) =>
        CreateVariant(name ?? encoding.Name(), null, Enumerable.Repeat(encoding, _weights.LinearLayers).ToArray());

    /// <summary>The FPX mix: the <c>round(gamma x N)</c> least sensitive layers of the ladder in FP4, the rest in FP8.</summary>
    internal Variant CreateMixVariant(double gamma, string? name = null)
    {
        var ladder = Ladder ?? throw new InvalidOperationException("mixes need a ladder");
        var encodings = Enumerable.Repeat(LinearEncoding.Fp8, _weights.LinearLayers).ToArray();
        foreach (var layer in ladder.Fp4Layers(gamma))
        {
            encodings[layer.Index] = LinearEncoding.Fp4;
        }
        return CreateVariant(name ?? VariantNames.Mix(gamma), gamma, encodings);
    }

    internal Variant CreateVariant(string name, double? gamma, LinearEncoding[] encodings)
    {
        var matrices = new QuantizedMatrix[encodings.Length];
        for (int i = 0; i < encodings.Length; i++)
        {
            matrices[i] = _weights.Get(i, encodings[i]);
        }
        return new Variant(this, name, gamma, encodings, matrices);
    }
}
