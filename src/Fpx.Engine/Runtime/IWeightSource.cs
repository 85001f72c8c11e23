using Fpx.Engine.Model;
using Fpx.Engine.Quant;

namespace Fpx.Engine.Runtime;

/// <summary>Where a model's parameters come from: a checkpoint on disk, or a seeded generator for benchmarks.</summary>
internal interface IWeightSource
{
    ModelConfig Config { get; }

    /// <summary>A 2-D tensor (by checkpoint name) quantized into <paramref name="format"/>, row by row.</summary>
    QuantizedMatrix Quantize(string tensor, WeightFormat format);

    /// <summary>A 1-D tensor as FP32.</summary>
    float[] Vector(string tensor);
}
