using System.Collections.Concurrent;
using System.Text.Json;

namespace Fpx.Host.Tasks;

/// <summary>
/// Task profiles as JSON text, one per task, kept in memory and (with a directory) in
/// <c>DIR/&lt;task&gt;.json</c>. The host only checks that a profile is well-formed JSON of bounded
/// size; the policy library will validate its content.
/// </summary>
public sealed class ProfileStore
{
    /// <summary>Largest profile accepted, in UTF-8 bytes.</summary>
    public const int MaxProfileBytes = 256 * 1024;

    private readonly ConcurrentDictionary<string, string> _profiles = new(StringComparer.Ordinal);
    private readonly string? _directory;
    private readonly Lock _fileLock = new();

    /// <summary>Creates a store, loading <c>*.json</c> from <paramref name="directory"/> when given.</summary>
    /// <param name="directory">Where profiles persist; null keeps them in memory only.</param>
    /// <param name="tasks">The tasks whose profiles are loaded.</param>
    public ProfileStore(string? directory, TaskCatalog tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        _directory = directory;
        if (directory is null)
        {
            return;
        }

        Directory.CreateDirectory(directory);
        foreach (TaskDefinition task in tasks.All)
        {
            string path = PathOf(task.Name);
            if (File.Exists(path))
            {
                _profiles[task.Name] = File.ReadAllText(path);
            }
        }
    }

    /// <summary>The profile of a task, or null.</summary>
    /// <param name="task">The task name.</param>
    /// <returns>The JSON text, or null.</returns>
    public string? Get(string task) => _profiles.TryGetValue(task, out string? json) ? json : null;

    /// <summary>Stores a profile after checking it is JSON (written to a temporary file, then renamed, so a crash never leaves half a file).</summary>
    /// <param name="task">The task name (already known to the catalog).</param>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="ArgumentException">Not well-formed JSON, or too large.</exception>
    public void Put(string task, string json)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(json) > MaxProfileBytes)
        {
            throw new ArgumentException($"A profile is at most {MaxProfileBytes} bytes.", nameof(json));
        }

        try
        {
            using JsonDocument _ = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The profile is not well-formed JSON: {e.Message}", nameof(json), e);
        }

        if (_directory is not null)
        {
            lock (_fileLock)
            {
                string path = PathOf(task), temp = path + ".tmp";
                File.WriteAllText(temp, json);
                File.Move(temp, path, overwrite: true);
            }
        }

        _profiles[task] = json;
    }

    private string PathOf(string task) => Path.Combine(_directory!, task + ".json");
}
