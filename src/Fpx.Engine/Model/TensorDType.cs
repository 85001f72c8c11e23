namespace Fpx.Engine.Model;

/// <summary>The element types of safetensors tensors that Fpx reads (the checkpoint dtypes of Llama-family models).</summary>
public enum TensorDType
{
    /// <summary>IEEE binary32, <c>F32</c>.</summary>
    F32,

    /// <summary>IEEE binary16, <c>F16</c>.</summary>
    F16,

    /// <summary>bfloat16, <c>BF16</c>.</summary>
    BF16,
}

/// <summary>Names and sizes of <see cref="TensorDType"/>.</summary>
internal static class TensorDTypes
{
    /// <summary>Every dtype the safetensors format defines (v0.4): recognised, so that the error says "unsupported", not "unknown".</summary>
    private static readonly HashSet<string> KnownUnsupported = new(StringComparer.Ordinal)
    {
        "BOOL", "U8", "I8", "I16", "U16", "I32", "U32", "I64", "U64", "F64", "F8_E4M3", "F8_E5M2", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "C64",
    };

    public static int Size(TensorDType type) => type == TensorDType.F32 ? 4 : 2;

    public static string Name(TensorDType type) => type.ToString();

    /// <summary>Parses a safetensors dtype; <paramref name="known"/> tells an unsupported dtype from a made-up one.</summary>
    public static bool TryParse(string name, out TensorDType type, out bool known)
    {
        switch (name)
        {
            case "F32":
                type = TensorDType.F32;
                break;
            case "F16":
                type = TensorDType.F16;
                break;
            case "BF16":
                type = TensorDType.BF16;
                break;
            default:
                type = default;
                known = KnownUnsupported.Contains(name);
                return false;
        }
        known = true;
        return true;
    }

    /// <summary>The dtype that config.json's <c>torch_dtype</c> names, if it names one Fpx reads.</summary>
    public static bool TryParseTorch(string name, out TensorDType type)
    {
        switch (name)
        {
            case "float32":
                type = TensorDType.F32;
                return true;
            case "float16":
                type = TensorDType.F16;
                return true;
            case "bfloat16":
                type = TensorDType.BF16;
                return true;
            default:
                type = default;
                return false;
        }
    }
}
