using System.Text.Json;

namespace Fpx.Host.Profiling;

/// <summary>One example of a task's calibration set: an input and, optionally, the right action.</summary>
/// <param name="Tokens">The input token ids (what a bot sends as <c>tokens</c>).</param>
/// <param name="Label">The correct action token, or null when the example is unlabelled.</param>
public sealed record CalibrationExample(int[] Tokens, int? Label);

/// <summary>
/// Reads the calibration file of <c>fpx profile</c> (docs/profiles.md, "Calibration data"): JSON
/// lines, one object per line, <c>{"tokens": [int, ...], "label": int}</c> with <c>label</c>
/// optional (or null); blank lines are skipped. Strict like the profiles themselves: an unknown or
/// repeated field, a token outside the vocabulary, an input longer than the model's context or a
/// label that is not one of the task's action tokens is an error naming the line.
/// </summary>
public static class CalibrationSet
{
    /// <summary>Reads and checks a calibration file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="vocabulary">Token ids must be below this.</param>
    /// <param name="maxTokens">Longest input allowed.</param>
    /// <param name="actionTokens">The task's action tokens (labels must be one of them).</param>
    /// <param name="limit">Read at most this many examples.</param>
    /// <returns>The examples, in file order.</returns>
    /// <exception cref="FormatException">The file is not a valid calibration set; the message names the line.</exception>
    public static IReadOnlyList<CalibrationExample> Read(string path, int vocabulary, int maxTokens, IReadOnlyCollection<int> actionTokens, int limit = int.MaxValue)
    {
        var examples = new List<CalibrationExample>();
        int number = 0;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            if (examples.Count >= limit)
            {
                break;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                examples.Add(Parse(line, vocabulary, maxTokens, actionTokens));
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                throw new FormatException($"{path}:{number}: {e.Message}", e);
            }
        }

        return examples.Count > 0 ? examples : throw new FormatException($"{path}: no examples");
    }

    private static CalibrationExample Parse(string line, int vocabulary, int maxTokens, IReadOnlyCollection<int> actionTokens)
    {
        using JsonDocument document = JsonDocument.Parse(line);
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("an example is a JSON object {\"tokens\": [...], \"label\": ...}");
        }

        int[]? tokens = null;
        int? label = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty field in root.EnumerateObject())
        {
            if (!seen.Add(field.Name))
            {
                throw new FormatException($"field '{field.Name}' appears more than once");
            }

            switch (field.Name)
            {
                case "tokens":
                    if (field.Value.ValueKind != JsonValueKind.Array)
                    {
                        throw new FormatException("tokens must be an array of token ids");
                    }

                    tokens = [.. field.Value.EnumerateArray().Select(t => t.GetInt32())];
                    break;
                case "label":
                    label = field.Value.ValueKind == JsonValueKind.Null ? null : field.Value.GetInt32();
                    break;
                default:
                    throw new FormatException($"field '{field.Name}' is not known (tokens, label)");
            }
        }

        if (tokens is null || tokens.Length == 0)
        {
            throw new FormatException("tokens is required and must hold at least one token");
        }

        if (tokens.Length > maxTokens)
        {
            throw new FormatException($"tokens holds {tokens.Length} tokens; the model's context holds {maxTokens}");
        }

        for (int i = 0; i < tokens.Length; i++)
        {
            if ((uint)tokens[i] >= (uint)vocabulary)
            {
                throw new FormatException($"tokens[{i}] = {tokens[i]} is outside the vocabulary [0, {vocabulary})");
            }
        }

        if (label is { } l && !actionTokens.Contains(l))
        {
            throw new FormatException($"label {l} is not one of the task's action tokens ({string.Join(", ", actionTokens)})");
        }

        return new CalibrationExample(tokens, label);
    }
}
