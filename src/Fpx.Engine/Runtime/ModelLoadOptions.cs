using Fpx.Engine.Quant;
using Fpx.Engine.Threading;

namespace Fpx.Engine.Runtime;

/// <summary>How a model is loaded: which variants to make, formats of the FP4 copies and the head, threads, session sizes.</summary>
public sealed class ModelLoadOptions
{
    /// <summary>Variant names to make available (see <see cref="VariantNames"/>); the pool quantizes exactly the encodings they need. Default: <see cref="VariantNames.Serving"/>.</summary>
    public IReadOnlyList<string> Variants
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Count == 0)
            {
                throw new ArgumentException("at least one variant is needed", nameof(Variants));
            }
            foreach (string name in value)
            {
                if (!VariantNames.TryParse(name, out _, out _, out _))
                {
                    throw new ArgumentException($"unknown variant '{name}': {VariantNames.Help}", nameof(Variants));
                }
            }
            field = value;
        }
    } = VariantNames.Serving;

    /// <summary>The 4-bit format behind <c>fp4</c> and the FP4 layers of mixes: <see cref="WeightFormat.MxFp4"/> (default) or <see cref="WeightFormat.NvFp4"/>.</summary>
    public WeightFormat Fp4Format
    {
        get;
        init => field = value is WeightFormat.MxFp4 or WeightFormat.NvFp4 ? value
            : throw new ArgumentOutOfRangeException(nameof(Fp4Format), value, "the FP4 format must be MxFp4 or NvFp4");
    } = WeightFormat.MxFp4;

    /// <summary>
    /// Format of the output head: <see cref="WeightFormat.F32"/> (default; exact for every checkpoint
    /// dtype) or <see cref="WeightFormat.F16"/> (half the bytes for full-vocabulary logits; exact for
    /// F16 checkpoints). The embedding table always stays FP32. Shared by every variant.
    /// </summary>
    public WeightFormat HeadFormat
    {
        get;
        init => field = value is WeightFormat.F32 or WeightFormat.F16 ? value
            : throw new ArgumentOutOfRangeException(nameof(HeadFormat), value, "the head format must be F32 or F16");
    } = WeightFormat.F32;

    /// <summary>Threads for the linear layers; null runs everything on the calling thread.</summary>
    public ComputePool? Pool { get; init; }

    /// <summary>KV-cache positions a new session holds unless told otherwise (capped by max_position_embeddings). Default 1024.</summary>
    public int SessionTokens
    {
        get;
        init => field = value is >= 1 and <= 1 << 20 ? value : throw new ArgumentOutOfRangeException(nameof(SessionTokens), value, "1..2^20");
    } = 1024;

    /// <summary>Tokens (or sessions) per forward pass: longer prefills run in chunks of this many rows. Default 32.</summary>
    public int MaxBatchRows
    {
        get;
        init => field = value is >= 1 and <= 1024 ? value : throw new ArgumentOutOfRangeException(nameof(MaxBatchRows), value, "1..1024");
    } = 32;

    /// <summary>Read the FPX ladder from the model directory when one is there (default true); otherwise mixes use the default calibration.</summary>
    public bool UseLadderFile { get; init; } = true;
}
