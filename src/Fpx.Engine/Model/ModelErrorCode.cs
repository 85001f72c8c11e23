namespace Fpx.Engine.Model;

/// <summary>
/// Why a model directory, tensor file, ladder or calibration file was rejected. The snake_case
/// name (<see cref="ModelErrorCodes.Name"/>) is stable: the host maps it to its wire errors and
/// tests assert on it, so renaming one is a breaking change.
/// </summary>
public enum ModelErrorCode
{
    /// <summary><c>directory_not_found</c>: the model directory does not exist.</summary>
    DirectoryNotFound,

    /// <summary><c>file_not_found</c>: config.json, a safetensors file or a shard named by the index is missing.</summary>
    FileNotFound,

    /// <summary><c>file_unreadable</c>: the operating system refused to open or map a file.</summary>
    FileUnreadable,

    /// <summary><c>file_too_small</c>: a safetensors file is shorter than its 8-byte header length.</summary>
    FileTooSmall,

    /// <summary><c>header_too_large</c>: the header length exceeds the safetensors limit (100 MB).</summary>
    HeaderTooLarge,

    /// <summary><c>header_truncated</c>: the header length points past the end of the file.</summary>
    HeaderTruncated,

    /// <summary><c>header_not_json</c>: the header is not well-formed UTF-8 JSON.</summary>
    HeaderNotJson,

    /// <summary><c>header_invalid</c>: the header is JSON but not a safetensors header (wrong types, missing or unknown fields).</summary>
    HeaderInvalid,

    /// <summary><c>tensor_duplicate</c>: a tensor name appears twice (in one header or in two shards).</summary>
    TensorDuplicate,

    /// <summary><c>dtype_unsupported</c>: a tensor's dtype is not F32, F16 or BF16.</summary>
    DTypeUnsupported,

    /// <summary><c>dtype_mismatch</c>: a tensor's dtype differs from config.json's torch_dtype.</summary>
    DTypeMismatch,

    /// <summary><c>tensor_size_mismatch</c>: a tensor's byte range does not hold shape x dtype bytes.</summary>
    TensorSizeMismatch,

    /// <summary><c>tensor_out_of_bounds</c>: a tensor's byte range ends past the end of the file.</summary>
    TensorOutOfBounds,

    /// <summary><c>tensor_overlap</c>: two tensors' byte ranges overlap.</summary>
    TensorOverlap,

    /// <summary><c>data_not_contiguous</c>: the tensors leave a gap or trailing bytes in the data section.</summary>
    DataNotContiguous,

    /// <summary><c>shape_mismatch</c>: a tensor's shape differs from what config.json implies.</summary>
    ShapeMismatch,

    /// <summary><c>tensor_missing</c>: a tensor the architecture needs is absent.</summary>
    TensorMissing,

    /// <summary><c>tensor_unexpected</c>: a tensor the architecture does not use is present.</summary>
    TensorUnexpected,

    /// <summary><c>non_finite_weight</c>: a weight is NaN or infinite.</summary>
    NonFiniteWeight,

    /// <summary><c>config_invalid</c>: config.json is not well-formed, a field is missing, of the wrong type or out of range.</summary>
    ConfigInvalid,

    /// <summary><c>config_unsupported</c>: config.json is valid but asks for something Fpx does not implement (another architecture, rope scaling, ...).</summary>
    ConfigUnsupported,

    /// <summary><c>index_invalid</c>: model.safetensors.index.json is malformed or names a file outside the directory.</summary>
    IndexInvalid,

    /// <summary><c>ladder_invalid</c>: an FPX ladder file is malformed.</summary>
    LadderInvalid,

    /// <summary><c>ladder_mismatch</c>: an FPX ladder file belongs to another model or FP4 format.</summary>
    LadderMismatch,

    /// <summary><c>calibration_data_invalid</c>: a calibration token file is malformed or names a token outside the vocabulary.</summary>
    CalibrationDataInvalid,
}

/// <summary>Stable names of <see cref="ModelErrorCode"/> values.</summary>
public static class ModelErrorCodes
{
    /// <summary>The stable snake_case name, e.g. <c>header_too_large</c>.</summary>
    public static string Name(this ModelErrorCode code)
    {
        string text = code.ToString();
        var builder = new System.Text.StringBuilder(text.Length + 8);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            // DTypeUnsupported -> dtype_unsupported: a capital that follows a capital stays in the word.
            if (char.IsUpper(c) && i > 0 && !char.IsUpper(text[i - 1]))
            {
                builder.Append('_');
            }
            builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }
}
