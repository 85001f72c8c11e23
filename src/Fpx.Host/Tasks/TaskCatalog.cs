using System.Text.Json;

namespace Fpx.Host.Tasks;

/// <summary>
/// The tasks a host serves, looked up by UTF-8 name without allocating. Loaded from a small JSON
/// file until the policy library's profiles replace it:
/// <c>{"tasks": [{"name": "trade", "actions": [10, 11, 12], "on_miss": "degrade"}]}</c>.
/// </summary>
public sealed class TaskCatalog
{
    private readonly TaskDefinition[] _tasks;

    /// <summary>Creates a catalog.</summary>
    /// <param name="tasks">At least one task, names distinct.</param>
    public TaskCatalog(IEnumerable<TaskDefinition> tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        _tasks = [.. tasks];
        if (_tasks.Length == 0)
        {
            throw new ArgumentException("At least one task is needed.", nameof(tasks));
        }

        if (_tasks.Select(t => t.Name).Distinct(StringComparer.Ordinal).Count() != _tasks.Length)
        {
            throw new ArgumentException("Task names must be distinct.", nameof(tasks));
        }
    }

    /// <summary>Every task.</summary>
    public IReadOnlyList<TaskDefinition> All => _tasks;

    /// <summary>
    /// The built-in tasks of <c>fpx serve --fake</c> without a tasks file: <c>demo</c> (actions
    /// 0..3, degrade), <c>trade</c> (10..12: buy/hold/sell, degrade) and <c>strict</c> (0..3, reject).
    /// </summary>
    public static TaskCatalog Demo { get; } = new(
    [
        new TaskDefinition("demo", [0, 1, 2, 3], OnMissRule.Degrade),
        new TaskDefinition("trade", [10, 11, 12], OnMissRule.Degrade),
        new TaskDefinition("strict", [0, 1, 2, 3], OnMissRule.Reject),
    ]);

    /// <summary>Finds a task by its UTF-8 name (a linear scan: catalogs are small and this allocates nothing).</summary>
    /// <param name="utf8Name">The name.</param>
    /// <param name="task">The task when found.</param>
    /// <returns>Whether it was found.</returns>
    public bool TryGet(ReadOnlySpan<byte> utf8Name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TaskDefinition? task)
    {
        foreach (TaskDefinition t in _tasks)
        {
            if (t.Utf8Name.Span.SequenceEqual(utf8Name))
            {
                task = t;
                return true;
            }
        }

        task = null;
        return false;
    }

    /// <summary>Finds a task by name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The task, or null.</returns>
    public TaskDefinition? Find(string name) => Array.Find(_tasks, t => t.Name == name);

    /// <summary>Reads a tasks file (format in the class summary).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The catalog.</returns>
    /// <exception cref="FormatException">The file is not a valid tasks file; the message says where.</exception>
    public static TaskCatalog Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses tasks JSON (format in the class summary).</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">Where it came from, for messages.</param>
    /// <returns>The catalog.</returns>
    /// <exception cref="FormatException">Not a valid tasks document.</exception>
    public static TaskCatalog Parse(string json, string source = "tasks")
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(json);
            var tasks = new List<TaskDefinition>();
            foreach (JsonElement t in doc.RootElement.GetProperty("tasks").EnumerateArray())
            {
                string name = t.GetProperty("name").GetString() ?? throw new FormatException("name is null");
                int[] actions = [.. t.GetProperty("actions").EnumerateArray().Select(a => a.GetInt32())];
                OnMissRule onMiss = OnMissRule.Degrade;
                if (t.TryGetProperty("on_miss", out JsonElement m))
                {
                    onMiss = m.GetString() switch
                    {
                        "degrade" => OnMissRule.Degrade,
                        "reject" => OnMissRule.Reject,
                        var other => throw new FormatException($"on_miss of task '{name}' is '{other}', not 'degrade' or 'reject'"),
                    };
                }

                tasks.Add(new TaskDefinition(name, actions, onMiss));
            }

            return new TaskCatalog(tasks);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException or FormatException)
        {
            throw new FormatException($"{source}: not a valid tasks file: {e.Message}", e);
        }
    }
}
