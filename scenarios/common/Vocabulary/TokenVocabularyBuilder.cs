namespace Fpx.Scenarios;

/// <summary>Declares a vocabulary field by field; ids are assigned in declaration order.</summary>
public sealed class TokenVocabularyBuilder
{
    private readonly string _task;
    private readonly int _version;
    private readonly List<(string Name, string[] Labels)> _fields = [];
    private string[]? _actions;

    /// <summary>Starts a vocabulary for <paramref name="task"/>.</summary>
    public TokenVocabularyBuilder(string task, int version)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(task);
        _task = task;
        _version = version;
    }

    /// <summary>Adds an observation field with one token per label.</summary>
    public TokenVocabularyBuilder Field(string name, params string[] labels)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (labels.Length == 0 || labels.Distinct(StringComparer.Ordinal).Count() != labels.Length)
        {
            throw new ArgumentException($"field '{name}' needs distinct labels", nameof(labels));
        }
        if (_fields.Any(f => f.Name == name) || name == "act")
        {
            throw new ArgumentException($"field '{name}' is declared twice or reserved", nameof(name));
        }
        _fields.Add((name, labels));
        return this;
    }

    /// <summary>Adds a field whose labels are 0..count-1.</summary>
    public TokenVocabularyBuilder Field(string name, int count) =>
        Field(name, Enumerable.Range(0, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());

    /// <summary>Sets the action names (the task's allowed action tokens, in action-index order).</summary>
    public TokenVocabularyBuilder Actions(params string[] names)
    {
        if (names.Length < 2 || names.Distinct(StringComparer.Ordinal).Count() != names.Length)
        {
            throw new ArgumentException("a task needs at least two distinct actions", nameof(names));
        }
        _actions = names;
        return this;
    }

    /// <summary>Assigns ids and returns the vocabulary.</summary>
    public TokenVocabulary Build()
    {
        if (_actions is null || _fields.Count == 0)
        {
            throw new InvalidOperationException("declare fields and actions first");
        }
        var names = new List<string> { "<pad>", "<bos>", "<decide>" };
        var fields = new List<TokenField>();
        foreach (var (name, labels) in _fields)
        {
            fields.Add(new TokenField(name, names.Count, labels));
            names.AddRange(labels.Select(l => $"{name}:{l}"));
        }
        int firstAction = names.Count;
        names.AddRange(_actions.Select(a => $"act:{a}"));
        return new TokenVocabulary(_task, _version, fields, firstAction, _actions, [.. names]);
    }
}
