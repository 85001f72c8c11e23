using System.Text.Json;

namespace Fpx.Engine.Model;

/// <summary>
/// Parses and validates a safetensors header (the format of huggingface/safetensors): a JSON object
/// mapping tensor names to <c>{"dtype", "shape", "data_offsets": [begin, end]}</c>, plus an optional
/// <c>"__metadata__"</c> map of strings. Every rule the reference implementation enforces is
/// checked here, against the length of the data section that follows the header: known fields
/// only, byte ranges that match shape x dtype, lie inside the data, do not overlap and leave no gap.
/// </summary>
internal static class SafeTensorsHeader
{
    private const string MetadataKey = "__metadata__";

    /// <summary>Parses <paramref name="header"/>; throws <see cref="ModelFormatException"/> naming <paramref name="file"/>.</summary>
    /// <param name="header">The header's JSON bytes (after the 8-byte length).</param>
    /// <param name="dataLength">Bytes after the header: every tensor must lie inside them.</param>
    /// <param name="file">The file, for error messages.</param>
    public static IReadOnlyList<TensorEntry> Parse(ReadOnlyMemory<byte> header, long dataLength, string file)
    {
        using (var document = StrictJson.Parse(header, ModelErrorCode.HeaderNotJson, file))
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                ModelFormatException.Throw(ModelErrorCode.HeaderInvalid, file, null, $"the header is a JSON {document.RootElement.ValueKind}, not an object");
            }
            var entries = new List<TensorEntry>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!names.Add(property.Name))
                {
                    ModelFormatException.Throw(ModelErrorCode.TensorDuplicate, file, property.Name, "the name appears twice in the header");
                }
                if (property.Name == MetadataKey)
                {
                    CheckMetadata(property.Value, file);
                    continue;
                }
                entries.Add(ParseEntry(property.Name, property.Value, file));
            }
            CheckLayout(entries, dataLength, file);
            return entries;
        }
    }

    private static void CheckMetadata(JsonElement metadata, string file)
    {
        if (metadata.ValueKind != JsonValueKind.Object)
        {
            ModelFormatException.Throw(ModelErrorCode.HeaderInvalid, file, null, "__metadata__ must be an object of strings");
        }
        foreach (var item in metadata.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                ModelFormatException.Throw(ModelErrorCode.HeaderInvalid, file, null, $"__metadata__ value '{item.Name}' is not a string");
            }
        }
    }

    private static TensorEntry ParseEntry(string name, JsonElement value, string file)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            ModelFormatException.Throw(ModelErrorCode.HeaderInvalid, file, name, "the tensor's entry is not an object");
        }
        string? dtypeName = null;
        long[]? shape = null;
        long[]? offsets = null;
        foreach (var field in value.EnumerateObject())
        {
            switch (field.Name)
            {
                case "dtype" when dtypeName is null:
                    if (field.Value.ValueKind != JsonValueKind.String)
                    {
                        ModelFormatException.Throw(ModelErrorCode.HeaderInvalid, file, name, "dtype must be a string");
                    }
                    dtypeName = field.Value.GetString()!;
                    break;
                case "shape" when shape is null:
                    shape = ReadIntegers(field.Value, name, "shape", file, maxCount: ModelLimits.MaxRank);
                    break;
                case "data_offsets" when offsets is null:
                    offsets = ReadIntegers(field.Value, name, "data_offsets", file, maxCount: 2);
                    break;
                default:
                    ModelFormatException.Throw(ModelErrorCode.HeaderInvalid, file, name,
                        $"field '{field.Name}' is unknown or repeated (a tensor has exactly dtype, shape and data_offsets)");
                    break;
            }
        }
        if (dtypeName is null || shape is null || offsets is null || offsets.Length != 2)
        {
            return ModelFormatException.Throw<TensorEntry>(ModelErrorCode.HeaderInvalid, file, name,
                "the tensor needs a string dtype, an integer shape and data_offsets [begin, end]");
        }
        if (!TensorDTypes.TryParse(dtypeName, out var dtype, out bool known))
        {
            ModelFormatException.Throw(ModelErrorCode.DTypeUnsupported, file, name,
                known ? $"dtype {dtypeName} is not supported (F32, F16 or BF16)" : $"'{dtypeName}' is not a safetensors dtype");
        }
        long begin = offsets[0], end = offsets[1];
        if (end < begin)
        {
            ModelFormatException.Throw(ModelErrorCode.HeaderInvalid, file, name, $"data_offsets [{begin}, {end}] end before they begin");
        }
        var entry = new TensorEntry(name, dtype, shape, begin, end);
        long bytes;
        try
        {
            bytes = checked(entry.ElementCount * TensorDTypes.Size(dtype));
        }
        catch (OverflowException)
        {
            return ModelFormatException.Throw<TensorEntry>(ModelErrorCode.TensorSizeMismatch, file, name, $"shape {entry.ShapeText} overflows");
        }
        if (bytes != end - begin)
        {
            ModelFormatException.Throw(ModelErrorCode.TensorSizeMismatch, file, name,
                $"shape {entry.ShapeText} of {dtypeName} needs {bytes} bytes but data_offsets [{begin}, {end}] hold {end - begin}");
        }
        return entry;
    }

    private static long[] ReadIntegers(JsonElement array, string tensor, string field, string file, int maxCount)
    {
        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() > maxCount)
        {
            ModelFormatException.Throw(ModelErrorCode.HeaderInvalid, file, tensor, $"{field} must be an array of at most {maxCount} non-negative integers");
        }
        var values = new long[array.GetArrayLength()];
        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            long v = -1;
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out v) || v < 0)
            {
                ModelFormatException.Throw(ModelErrorCode.HeaderInvalid, file, tensor, $"{field}[{i}] is not a non-negative 64-bit integer");
            }
            values[i++] = v;
        }
        return values;
    }

    /// <summary>Tensors must tile the data section exactly: in bounds, no overlap, no gap, nothing after.</summary>
    private static void CheckLayout(List<TensorEntry> entries, long dataLength, string file)
    {
        foreach (var e in entries)
        {
            if (e.End > dataLength)
            {
                ModelFormatException.Throw(ModelErrorCode.TensorOutOfBounds, file, e.Name,
                    $"data_offsets [{e.Begin}, {e.End}] end past the {dataLength} bytes of data in the file");
            }
        }
        var sorted = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToArray();
        long cursor = 0;
        TensorEntry? previous = null;
        foreach (var e in sorted)
        {
            if (e.Begin < cursor)
            {
                ModelFormatException.Throw(ModelErrorCode.TensorOverlap, file, e.Name,
                    $"bytes [{e.Begin}, {e.End}) overlap tensor '{previous!.Name}' [{previous.Begin}, {previous.End})");
            }
            if (e.Begin > cursor)
            {
                ModelFormatException.Throw(ModelErrorCode.DataNotContiguous, file, e.Name,
                    $"the tensor starts at byte {e.Begin} but the previous one ends at {cursor}: {e.Begin - cursor} bytes belong to no tensor");
            }
            cursor = e.End;
            previous = e;
        }
        if (cursor != dataLength)
        {
            ModelFormatException.Throw(ModelErrorCode.DataNotContiguous, file, null,
                $"the tensors end at byte {cursor} of the data but the file holds {dataLength} bytes of data");
        }
    }
}
