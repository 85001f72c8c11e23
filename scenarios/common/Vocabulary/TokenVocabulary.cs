using System.Text.Json;

namespace Fpx.Scenarios;

/// <summary>
/// A scenario's token ids, defined once in C# and exported (<see cref="ToJson"/>, models/NAME/tokens.json)
/// so that the Python trainer and the C# harness agree. Layout: special tokens
/// (<c>&lt;pad&gt;</c> 0, <c>&lt;bos&gt;</c> 1, <c>&lt;decide&gt;</c> 2), then each observation field's
/// buckets, then the action tokens. An observation is <c>&lt;bos&gt;</c>, one token per field in order,
/// <c>&lt;decide&gt;</c>; the model's next token after it is the action.
/// </summary>
public sealed class TokenVocabulary
{
    /// <summary>Padding (never in an observation; reserved for batching).</summary>
    public const int Pad = 0;

    /// <summary>First token of every observation.</summary>
    public const int Bos = 1;

    /// <summary>Last token of every observation: the position whose next-token distribution is the decision.</summary>
    public const int Decide = 2;

    /// <summary>Bump when a change would make models trained on the old ids wrong.</summary>
    public int Version { get; }

    private readonly string[] _names;
    private readonly Dictionary<string, int> _ids;

    internal TokenVocabulary(string task, int version, IReadOnlyList<TokenField> fields, int firstAction, IReadOnlyList<string> actionNames, string[] names)
    {
        Task = task;
        Version = version;
        Fields = fields;
        FirstAction = firstAction;
        ActionNames = actionNames;
        _names = names;
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
        {
            _ids.Add(names[i], i);
        }
    }

    /// <summary>The task name requests carry (<c>trading</c>, <c>gaming</c>).</summary>
    public string Task { get; }

    /// <summary>Observation fields in the order their tokens appear.</summary>
    public IReadOnlyList<TokenField> Fields { get; }

    /// <summary>Token id of action 0; actions are contiguous.</summary>
    public int FirstAction { get; }

    /// <summary>Action names in action-index order.</summary>
    public IReadOnlyList<string> ActionNames { get; }

    /// <summary>Total number of token ids (the model's vocab_size).</summary>
    public int Size => _names.Length;

    /// <summary>Tokens in one observation: bos + fields + decide.</summary>
    public int ObservationLength => Fields.Count + 2;

    /// <summary>The allowed action tokens of the task, in action-index order.</summary>
    public IReadOnlyList<int> ActionTokens => Enumerable.Range(FirstAction, ActionNames.Count).ToArray();

    /// <summary>Token id of action <paramref name="index"/>.</summary>
    public int ActionToken(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ActionNames.Count);
        return FirstAction + index;
    }

    /// <summary>Action index of a token id, or -1 when the token is not an action.</summary>
    public int ActionIndexOf(int token) => token >= FirstAction && token < FirstAction + ActionNames.Count ? token - FirstAction : -1;

    /// <summary>The field called <paramref name="name"/>.</summary>
    public TokenField Field(string name) =>
        Fields.FirstOrDefault(f => f.Name == name) ?? throw new KeyNotFoundException($"no field '{name}' in the {Task} vocabulary");

    /// <summary>Name of a token id (<c>field:label</c>, <c>act:name</c> or a special name).</summary>
    public string Name(int token) => (uint)token < (uint)_names.Length ? _names[token] : throw new ArgumentOutOfRangeException(nameof(token), token, "not a token id");

    /// <summary>Token id of a name.</summary>
    public int Id(string name) => _ids.TryGetValue(name, out int id) ? id : throw new KeyNotFoundException($"no token '{name}' in the {Task} vocabulary");

    /// <summary>
    /// Builds an observation from bucket indices, one per field in order.
    /// </summary>
    public int[] Encode(ReadOnlySpan<int> buckets)
    {
        if (buckets.Length != Fields.Count)
        {
            throw new ArgumentException($"expected {Fields.Count} buckets, got {buckets.Length}", nameof(buckets));
        }
        var tokens = new int[ObservationLength];
        tokens[0] = Bos;
        for (int i = 0; i < buckets.Length; i++)
        {
            tokens[i + 1] = Fields[i].Token(buckets[i]);
        }
        tokens[^1] = Decide;
        return tokens;
    }

    /// <summary>The buckets of an observation; throws when it is not well formed for this vocabulary.</summary>
    public int[] Decode(ReadOnlySpan<int> observation)
    {
        if (observation.Length != ObservationLength || observation[0] != Bos || observation[^1] != Decide)
        {
            throw new FormatException($"an observation is <bos>, {Fields.Count} field tokens, <decide>");
        }
        var buckets = new int[Fields.Count];
        for (int i = 0; i < buckets.Length; i++)
        {
            buckets[i] = Fields[i].Bucket(observation[i + 1]);
            if (buckets[i] < 0)
            {
                throw new FormatException($"token {observation[i + 1]} at position {i + 1} is not a '{Fields[i].Name}' token");
            }
        }
        return buckets;
    }

    /// <summary>Readable form of a token sequence, e.g. for logs and the dataset description.</summary>
    public string Describe(ReadOnlySpan<int> tokens)
    {
        var parts = new string[tokens.Length];
        for (int i = 0; i < tokens.Length; i++)
        {
            parts[i] = Name(tokens[i]);
        }
        return string.Join(' ', parts);
    }

    /// <summary>
    /// The exported form (tokens.json): task, version, vocab_size, special ids, observation layout,
    /// fields with their first id and labels, action tokens, and every token's name by id.
    /// </summary>
    public string ToJson()
    {
        var document = new Dictionary<string, object>
        {
            ["task"] = Task,
            ["version"] = Version,
            ["vocab_size"] = Size,
            ["special"] = new Dictionary<string, int> { ["pad"] = Pad, ["bos"] = Bos, ["decide"] = Decide },
            ["observation_length"] = ObservationLength,
            ["fields"] = Fields.Select(f => new Dictionary<string, object> { ["name"] = f.Name, ["first"] = f.First, ["labels"] = f.Labels }).ToArray(),
            ["actions"] = new Dictionary<string, object> { ["names"] = ActionNames, ["tokens"] = ActionTokens },
            ["tokens"] = _names,
        };
        return JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
