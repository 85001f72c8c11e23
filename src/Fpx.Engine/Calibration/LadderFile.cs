using System.Text.Json;
using Fpx.Engine.Model;
using Fpx.Engine.Quant;
using Fpx.Engine.Runtime;

namespace Fpx.Engine.Calibration;

/// <summary>
/// Reads and writes FPX ladders as JSON beside the model: <c>fpx-ladder.mxfp4.json</c> or
/// <c>fpx-ladder.nvfp4.json</c> (one per FP4 format, since sensitivities depend on it). The schema
/// is documented in docs/ladder.md; <see cref="Schema"/> names its version.
/// </summary>
public static partial class LadderFile
{
    /// <summary>The schema identifier written to and required in every file.</summary>
    public const string Schema = "fpx-ladder/1";

    /// <summary>The file name for <paramref name="fp4Format"/>, e.g. <c>fpx-ladder.mxfp4.json</c>.</summary>
    public static string FileName(WeightFormat fp4Format) => $"fpx-ladder.{WeightFormatInfo.Of(fp4Format).Name}.json";

    /// <summary>The ladder path in <paramref name="directory"/> for <paramref name="fp4Format"/>.</summary>
    public static string PathFor(string directory, WeightFormat fp4Format) => Path.Combine(directory, FileName(fp4Format));

    /// <summary>Writes <paramref name="ladder"/> to <paramref name="path"/> (via a temporary file, so a reader never sees half a ladder).</summary>
    public static void Write(Ladder ladder, string path)
    {
        ArgumentNullException.ThrowIfNull(ladder);
        string temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            WriteJson(ladder, json);
        }
        File.Move(temporary, path, overwrite: true);
    }

    internal static void WriteJson(Ladder ladder, Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("schema", Schema);
        json.WriteString("model_fingerprint", ladder.ModelFingerprint);
        json.WriteString("fp4_format", WeightFormatInfo.Of(ladder.Fp4Format).Name);
        json.WriteString("reference_encoding", "fp16");
        json.WriteString("ordered_by", MeasureName(ladder.OrderedBy));
        json.WriteStartObject("calibration");
        json.WriteString("source", ladder.Calibration.Source);
        json.WriteNumber("sequences", ladder.Calibration.Sequences);
        json.WriteNumber("tokens", ladder.Calibration.Tokens);
        json.WriteEndObject();
        json.WriteStartArray("order");
        foreach (var layer in ladder.Order)
        {
            json.WriteStringValue(layer.Name);
        }
        json.WriteEndArray();
        json.WriteStartArray("layers");
        foreach (var e in ladder.Layers)
        {
            json.WriteStartObject();
            json.WriteString("name", e.Layer.Name);
            json.WriteNumber("parameters", e.Parameters);
            WriteMeasure(json, "relative_error", e.RelativeError);
            WriteMeasure(json, "end_to_end_kl", e.EndToEndKl);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (ladder.Comparison is { } c)
        {
            json.WriteStartObject("ranking_comparison");
            WriteMeasure(json, "spearman", c.Spearman);
            WriteMeasure(json, "kendall_tau_b", c.KendallTau);
            json.WriteStartArray("moves");
            foreach (var m in c.Moves)
            {
                json.WriteStartObject();
                json.WriteString("name", m.Layer.Name);
                json.WriteNumber("rank_layer_output", m.LayerOutputRank);
                json.WriteNumber("rank_end_to_end", m.EndToEndRank);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("mixes");
            foreach (var m in c.Mixes)
            {
                json.WriteStartObject();
                json.WriteString("variant", VariantNames.Mix(m.Gamma));
                json.WriteNumber("fp4_layers", m.Fp4Layers);
                json.WriteNumber("shared_fp4_layers", m.Shared);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteMeasure(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>The measure's name in ladder files: <c>layer_output_relative_error</c> or <c>end_to_end_kl</c>.</summary>
    public static string MeasureName(SensitivityMeasure measure) =>
        measure == SensitivityMeasure.LayerOutput ? "layer_output_relative_error" : "end_to_end_kl";
}
