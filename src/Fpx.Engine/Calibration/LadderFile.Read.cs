using System.Text.Json;
using Fpx.Engine.Model;
using Fpx.Engine.Quant;
using Fpx.Engine.Runtime;

namespace Fpx.Engine.Calibration;

public static partial class LadderFile
{
    /// <summary>
    /// Reads the ladder at <paramref name="path"/> for <paramref name="model"/>. A file that is not a
    /// valid ladder is <c>ladder_invalid</c>; one measured on another checkpoint (fingerprint) or
    /// with another FP4 format is <c>ladder_mismatch</c>: rerun <c>fpx calibrate</c> or delete it.
    /// </summary>
    public static Ladder Read(string path, TransformerModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        byte[] bytes = Checkpoint.ReadSmallFile(path, ModelErrorCode.LadderInvalid);
        using (var document = StrictJson.Parse(bytes, ModelErrorCode.LadderInvalid, path))
        {
            return Parse(document.RootElement, path, model);
        }
    }

    private static Ladder Parse(JsonElement root, string path, TransformerModel model)
    {
        if (root.ValueKind != JsonValueKind.Object || Text(root, "schema", path) != Schema)
        {
            Invalid(path, $"not an FPX ladder (\"schema\" must be \"{Schema}\")");
        }
        string? fingerprint = root.TryGetProperty("model_fingerprint", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        if (model.Fingerprint is not null && fingerprint != model.Fingerprint)
        {
            ModelFormatException.Throw(ModelErrorCode.LadderMismatch, path, null,
                $"the ladder was measured on model {fingerprint ?? "(none)"}, this is {model.Fingerprint}; rerun `fpx calibrate` or delete the file");
        }
        string fp4 = Text(root, "fp4_format", path);
        if (!WeightFormatInfo.TryParse(fp4, out var fp4Format) || fp4Format != model.Fp4Format)
        {
            ModelFormatException.Throw(ModelErrorCode.LadderMismatch, path, null,
                $"the ladder is for FP4 format '{fp4}', the model is loaded with {WeightFormatInfo.Of(model.Fp4Format).Name}");
        }
        string orderedBy = Text(root, "ordered_by", path);
        var measure = orderedBy == MeasureName(SensitivityMeasure.LayerOutput) ? SensitivityMeasure.LayerOutput
            : orderedBy == MeasureName(SensitivityMeasure.EndToEnd) ? SensitivityMeasure.EndToEnd
            : Invalid<SensitivityMeasure>(path, $"ordered_by '{orderedBy}' is unknown");

        int n = model.Config.Layers * LinearLayer.PerLayer;
        var names = new Dictionary<string, LinearLayer>(StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            names.Add(LinearLayer.FromIndex(i).Name, LinearLayer.FromIndex(i));
        }
        var entries = ParseLayers(root, path, names, n);
        var order = ParseOrder(root, path, names, n);
        var calibration = root.TryGetProperty("calibration", out var c) && c.ValueKind == JsonValueKind.Object
            ? new CalibrationInfo(Text(c, "source", path), Integer(c, "sequences", path), Integer(c, "tokens", path))
            : Invalid<CalibrationInfo>(path, "\"calibration\" must be an object");
        return new Ladder(entries, order, fp4Format, measure, calibration, fingerprint);
    }

    private static LadderEntry[] ParseLayers(JsonElement root, string path, Dictionary<string, LinearLayer> names, int n)
    {
        if (!root.TryGetProperty("layers", out var layers) || layers.ValueKind != JsonValueKind.Array || layers.GetArrayLength() != n)
        {
            Invalid(path, $"\"layers\" must list the model's {n} linear layers");
        }
        var entries = new LadderEntry?[n];
        foreach (var item in layers.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                Invalid(path, "a \"layers\" item is not an object");
            }
            string name = Text(item, "name", path);
            if (!names.TryGetValue(name, out var layer) || entries[layer.Index] is not null)
            {
                Invalid(path, $"\"layers\" names '{name}', which is not a linear layer of this model or appears twice");
            }
            entries[layer.Index] = new LadderEntry(layer, Integer(item, "parameters", path),
                Measure(item, "relative_error", path), Measure(item, "end_to_end_kl", path));
        }
        return entries.Select(e => e!).ToArray();
    }

    private static LinearLayer[] ParseOrder(JsonElement root, string path, Dictionary<string, LinearLayer> names, int n)
    {
        if (!root.TryGetProperty("order", out var order) || order.ValueKind != JsonValueKind.Array || order.GetArrayLength() != n)
        {
            Invalid(path, $"\"order\" must list the model's {n} linear layers, least sensitive first");
        }
        var result = new List<LinearLayer>(n);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in order.EnumerateArray())
        {
            string name = item.ValueKind == JsonValueKind.String ? item.GetString()! : "";
            if (!names.TryGetValue(name, out var layer) || !seen.Add(name))
            {
                Invalid(path, $"\"order\" holds '{item.GetRawText()}', which is not a linear layer of this model or appears twice");
            }
            result.Add(layer);
        }
        return [.. result];
    }

    private static string Text(JsonElement element, string name, string path) =>
        element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : Invalid<string>(path, $"\"{name}\" must be a string");

    private static int Integer(JsonElement element, string name, string path) =>
        element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) && i >= 0
            ? i : Invalid<int>(path, $"\"{name}\" must be a non-negative integer");

    private static double Measure(JsonElement element, string name, string path)
    {
        if (!element.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return double.NaN;
        }
        return v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) && double.IsFinite(d) && d >= 0
            ? d : Invalid<double>(path, $"\"{name}\" must be a non-negative number or null");
    }

    private static void Invalid(string path, string detail) => ModelFormatException.Throw(ModelErrorCode.LadderInvalid, path, null, detail);

    private static T Invalid<T>(string path, string detail) => ModelFormatException.Throw<T>(ModelErrorCode.LadderInvalid, path, null, detail);
}
