using System.Text;
using System.Text.Json;
using Fpx.Policy.Latency;

namespace Fpx.Policy.Profiles;

/// <summary>
/// Reads and writes task profiles as JSON (schema in docs/profiles.md). Reading is strict:
/// unknown fields, repeated fields, wrong types, missing required fields, out-of-range values,
/// comments and trailing commas are all rejected with a <see cref="ProfileValidationException"/>
/// whose path names the field.
/// </summary>
public static partial class TaskProfileJson
{
    /// <summary>The largest profile accepted, bytes.</summary>
    public const int MaxBytes = 1 << 20;

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 16,
    };

    /// <summary>Parses a profile from UTF-8 JSON.</summary>
    /// <param name="utf8Json">The document.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ProfileValidationException">The document is not a valid profile.</exception>
    public static TaskProfile Parse(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > MaxBytes)
        {
            ThrowHelper.ThrowProfile(string.Empty, $"is larger than {MaxBytes} bytes");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json.ToArray(), DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new ProfileValidationException(string.Empty, "is not valid JSON: " + e.Message, e);
        }

        using (document)
        {
            return ReadProfile(document.RootElement);
        }
    }

    /// <summary>Parses a profile from JSON text.</summary>
    /// <param name="json">The document.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ProfileValidationException">The document is not a valid profile.</exception>
    public static TaskProfile Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json));
    }

    private static TaskProfile ReadProfile(JsonElement root)
    {
        var fields = new JsonFields(root, string.Empty, "task", "action_tokens", "planning_quantile", "utility", "on_miss", "min_quality", "variants");
        string task = fields.RequiredString("task");
        var tokens = ReadTokens(fields.Required("action_tokens"));
        double quantile = fields.RequiredNumber("planning_quantile");
        var utility = ReadUtility(fields.Required("utility"));
        var onMiss = fields.RequiredString("on_miss") switch
        {
            "degrade" => MissPolicy.Degrade,
            "reject" => MissPolicy.Reject,
            _ => Fail<MissPolicy>("on_miss", "must be \"degrade\" or \"reject\""),
        };
        double minQuality = fields.OptionalNumber("min_quality") ?? 0;
        var variants = ReadVariants(fields.Required("variants"));
        return new TaskProfile(task, tokens, variants, quantile, utility, onMiss, minQuality);
    }

    private static List<int> ReadTokens(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            ThrowHelper.ThrowProfile("action_tokens", "must be an array of token ids");
        }

        var tokens = new List<int>(element.GetArrayLength());
        int i = 0;
        foreach (var item in element.EnumerateArray())
        {
            tokens.Add(JsonFields.Int32(item, $"action_tokens[{i++}]"));
        }

        return tokens;
    }

    private static UtilitySpec ReadUtility(JsonElement element)
    {
        var fields = new JsonFields(element, "utility", "kind", "zero_at_us", "half_life_us");
        string kind = fields.RequiredString("kind");
        try
        {
            switch (kind)
            {
                case "hard":
                    Disallow(fields, kind, "zero_at_us", "half_life_us");
                    return UtilitySpec.Hard;
                case "linear":
                    Disallow(fields, kind, "half_life_us");
                    return UtilitySpec.Linear(fields.OptionalNumber("zero_at_us"));
                case "exponential":
                    Disallow(fields, kind, "zero_at_us");
                    return UtilitySpec.Exponential(fields.RequiredNumber("half_life_us"));
                default:
                    return Fail<UtilitySpec>("utility.kind", "must be \"hard\", \"linear\" or \"exponential\"");
            }
        }
        catch (ProfileValidationException e) when (!e.Path.StartsWith("utility", StringComparison.Ordinal))
        {
            throw e.WithPrefix("utility");
        }
    }

    private static List<KeyValuePair<string, VariantProfile>> ReadVariants(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            ThrowHelper.ThrowProfile("variants", "must be an object keyed by variant name");
        }

        var variants = new List<KeyValuePair<string, VariantProfile>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            string path = "variants." + property.Name;
            if (!seen.Add(property.Name))
            {
                ThrowHelper.ThrowProfile(path, "appears more than once");
            }

            variants.Add(new(property.Name, ReadVariant(property.Value, path)));
        }

        return variants;
    }

    private static VariantProfile ReadVariant(JsonElement element, string path)
    {
        var fields = new JsonFields(element, path, "quality", "agreement", "accuracy", "enabled", "latency_us");
        double quality = fields.RequiredNumber("quality");
        double? agreement = fields.OptionalNumber("agreement");
        double? accuracy = fields.OptionalNumber("accuracy");
        bool enabled = fields.OptionalBool("enabled") ?? true;
        LatencySeed? seed = fields.TryGet("latency_us", out var latency) ? ReadSeed(latency, fields.PathOf("latency_us")) : null;
        try
        {
            return new VariantProfile(quality, seed, enabled, agreement, accuracy);
        }
        catch (ProfileValidationException e)
        {
            throw e.WithPrefix(path);
        }
    }

    private static LatencySeed ReadSeed(JsonElement element, string path)
    {
        var fields = new JsonFields(element, path, "p50", "p90", "p99");
        try
        {
            return new LatencySeed(fields.RequiredNumber("p50"), fields.RequiredNumber("p90"), fields.RequiredNumber("p99"));
        }
        catch (ProfileValidationException e) when (!e.Path.StartsWith(path, StringComparison.Ordinal))
        {
            throw e.WithPrefix(path);
        }
    }

    private static void Disallow(JsonFields fields, string kind, params string[] names)
    {
        foreach (string name in names)
        {
            if (fields.TryGet(name, out _))
            {
                ThrowHelper.ThrowProfile(fields.PathOf(name), $"is not allowed with kind \"{kind}\"");
            }
        }
    }

    private static T Fail<T>(string path, string problem)
    {
        ThrowHelper.ThrowProfile(path, problem);
        return default!;
    }
}
