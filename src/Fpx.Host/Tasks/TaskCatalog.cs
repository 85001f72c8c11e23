using Fpx.Policy.Profiles;

namespace Fpx.Host.Tasks;

/// <summary>
/// The tasks a host serves, looked up by UTF-8 name without allocating or locking. Copy-on-write:
/// <see cref="Put"/> publishes a new array with the task added or replaced, so a reader sees the
/// whole old set or the whole new one, and <c>profile.put</c> can change a task while serving.
/// </summary>
public sealed class TaskCatalog
{
    private readonly Lock _writeGate = new();
    private volatile TaskDefinition[] _tasks;

    /// <summary>Creates a catalog.</summary>
    /// <param name="tasks">The tasks (possibly none: <c>profile.put</c> can add them later), names distinct.</param>
    public TaskCatalog(IEnumerable<TaskDefinition> tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        TaskDefinition[] all = [.. tasks];
        if (all.Select(t => t.Name).Distinct(StringComparer.Ordinal).Count() != all.Length)
        {
            throw new ArgumentException("Task names must be distinct.", nameof(tasks));
        }

        _tasks = all;
    }

    /// <summary>Every task now (a snapshot).</summary>
    public IReadOnlyList<TaskDefinition> All => _tasks;

    /// <summary>A catalog of one task per profile.</summary>
    /// <param name="profiles">The profiles.</param>
    /// <returns>The catalog.</returns>
    public static TaskCatalog FromProfiles(IEnumerable<TaskProfile> profiles) =>
        new((profiles ?? throw new ArgumentNullException(nameof(profiles))).Select(p => new TaskDefinition(p)));

    /// <summary>
    /// A fresh catalog of the built-in tasks of <c>fpx serve --fake</c> (<see cref="DemoProfiles"/>):
    /// <c>demo</c> (actions 0..3, degrade), <c>trade</c> (10..12, degrade) and <c>strict</c> (0..3, reject).
    /// </summary>
    /// <returns>The catalog (a new one each call: catalogs change with <see cref="Put"/>).</returns>
    public static TaskCatalog CreateDemo() => FromProfiles(DemoProfiles.All);

    /// <summary>Adds <paramref name="task"/>, or replaces the task of the same name, atomically for readers.</summary>
    /// <param name="task">The new definition.</param>
    public void Put(TaskDefinition task)
    {
        ArgumentNullException.ThrowIfNull(task);
        lock (_writeGate)
        {
            TaskDefinition[] current = _tasks;
            int at = Array.FindIndex(current, t => t.Name == task.Name);
            TaskDefinition[] next = at >= 0 ? [.. current] : [.. current, task];
            next[at >= 0 ? at : next.Length - 1] = task;
            _tasks = next;
        }
    }

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
}
