using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Fpx.Policy.Profiles;

public static partial class TaskProfileJson
{
    /// <summary>Writes <paramref name="profile"/> as indented JSON in the documented field order.</summary>
    /// <param name="profile">The profile.</param>
    /// <param name="output">Where the UTF-8 bytes go.</param>
    public static void Write(TaskProfile profile, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(profile);
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteString("task", profile.Task);
        writer.WriteStartArray("action_tokens");
        foreach (int token in profile.ActionTokens)
        {
            writer.WriteNumberValue(token);
        }

        writer.WriteEndArray();
        writer.WriteNumber("planning_quantile", profile.PlanningQuantile);
        writer.WriteStartObject("utility");
        var utility = profile.Utility;
        writer.WriteString("kind", utility.Kind switch
        {
            UtilityKind.Hard => "hard",
            UtilityKind.Linear => "linear",
            _ => "exponential",
        });
        if (utility.ZeroAtUs is { } zeroAt)
        {
            writer.WriteNumber("zero_at_us", zeroAt);
        }

        if (utility.HalfLifeUs is { } halfLife)
        {
            writer.WriteNumber("half_life_us", halfLife);
        }

        writer.WriteEndObject();
        writer.WriteString("on_miss", profile.OnMiss == MissPolicy.Reject ? "reject" : "degrade");
        writer.WriteNumber("min_quality", profile.MinQuality);
        writer.WriteStartObject("variants");
        foreach (string name in profile.VariantNames)
        {
            profile.TryGetVariant(name, out var variant);
            WriteVariant(writer, name, variant!);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The profile as indented UTF-8 JSON, ending with a newline.</summary>
    /// <param name="profile">The profile.</param>
    /// <returns>The bytes.</returns>
    public static byte[] ToUtf8Bytes(TaskProfile profile)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(profile, buffer);
        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The profile as indented JSON text, ending with a newline.</summary>
    /// <param name="profile">The profile.</param>
    /// <returns>The text.</returns>
    public static string ToJson(TaskProfile profile) => Encoding.UTF8.GetString(ToUtf8Bytes(profile));

    private static void WriteVariant(Utf8JsonWriter writer, string name, VariantProfile variant)
    {
        writer.WriteStartObject(name);
        writer.WriteNumber("quality", variant.Quality);
        if (variant.Agreement is { } agreement)
        {
            writer.WriteNumber("agreement", agreement);
        }

        if (variant.Accuracy is { } accuracy)
        {
            writer.WriteNumber("accuracy", accuracy);
        }

        writer.WriteBoolean("enabled", variant.Enabled);
        if (variant.Latency is { } seed)
        {
            writer.WriteStartObject("latency_us");
            writer.WriteNumber("p50", seed.P50Us);
            writer.WriteNumber("p90", seed.P90Us);
            writer.WriteNumber("p99", seed.P99Us);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
