using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Fpx.Policy.Profiles;

/// <summary>
/// The task profiles of one directory (<c>&lt;task&gt;.json</c> each). Readers get immutable
/// snapshots and never wait; <see cref="Put"/> saves a profile with an atomic file replace and
/// then swaps in a new snapshot, so a reader sees either the old profile or the new one, whole.
/// </summary>
public sealed partial class ProfileStore
{
    private readonly Lock _writeGate = new();
    private volatile Snapshot _snapshot;

    private ProfileStore(string directory, Snapshot snapshot, IReadOnlyList<ProfileLoadError> errors)
    {
        Directory = directory;
        _snapshot = snapshot;
        LoadErrors = errors;
    }

    /// <summary>The directory the profiles live in.</summary>
    public string Directory { get; }

    /// <summary>Files skipped by <see cref="Open"/> (empty when every file loaded).</summary>
    public IReadOnlyList<ProfileLoadError> LoadErrors { get; }

    /// <summary>Task names, sorted ordinally.</summary>
    public ImmutableArray<string> Tasks => _snapshot.Tasks;

    /// <summary>
    /// Loads every <c>*.json</c> file of <paramref name="directory"/> (not its subdirectories).
    /// A file must hold a valid profile whose <c>task</c> equals the file name without <c>.json</c>.
    /// Temporary files a crashed save left behind (<c>.&lt;task&gt;.json.*.tmp</c>) are deleted;
    /// other files are ignored.
    /// </summary>
    /// <param name="directory">An existing directory.</param>
    /// <param name="mode">What to do with a file that is not a valid profile.</param>
    /// <returns>The store.</returns>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="PolicyException">
    /// <see cref="PolicyErrorCodes.BadProfile"/>: a file is bad and <paramref name="mode"/> is
    /// <see cref="ProfileLoadMode.FailOnInvalid"/>; the message lists every bad file.
    /// </exception>
    public static ProfileStore Open(string directory, ProfileLoadMode mode = ProfileLoadMode.SkipInvalid)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        directory = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Profile directory '{directory}' does not exist");
        }

        DeleteStaleTemporaryFiles(directory);
        var profiles = new Dictionary<string, TaskProfile>(StringComparer.Ordinal);
        var errors = new List<ProfileLoadError>();
        foreach (string file in System.IO.Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(file).StartsWith('.'))
            {
                continue;
            }

            try
            {
                var profile = ReadFile(file);
                profiles.Add(profile.Task, profile);
            }
            catch (ProfileValidationException e)
            {
                errors.Add(new ProfileLoadError(file, e));
            }
        }

        if (errors.Count > 0 && mode == ProfileLoadMode.FailOnInvalid)
        {
            throw new PolicyException(
                PolicyErrorCodes.BadProfile,
                $"{errors.Count} profile file(s) in '{directory}' are invalid: " + string.Join("; ", errors),
                errors[0].Error);
        }

        return new ProfileStore(directory, new Snapshot(profiles), errors);
    }

    /// <summary>The profile of <paramref name="task"/> (no allocation, no lock).</summary>
    /// <param name="task">Task name.</param>
    /// <param name="profile">Its profile.</param>
    /// <returns>False when the task has none.</returns>
    public bool TryGet(string task, [MaybeNullWhen(false)] out TaskProfile profile) =>
        _snapshot.Profiles.TryGetValue(task, out profile);

    /// <summary>The profile of <paramref name="task"/>.</summary>
    /// <param name="task">Task name.</param>
    /// <returns>Its profile.</returns>
    /// <exception cref="PolicyException"><see cref="PolicyErrorCodes.UnknownTask"/> when the task has none.</exception>
    public TaskProfile Get(string task)
    {
        if (!TryGet(task, out var profile))
        {
            ThrowHelper.ThrowUnknownTask(task);
        }

        return profile;
    }

    /// <summary>
    /// Adds or replaces a task's profile: writes <c>&lt;task&gt;.json</c> by atomic replace (temporary
    /// file in the same directory, flushed to disk, renamed over the old one, directory flushed),
    /// then publishes it to readers. If saving fails, neither the file nor the store changes.
    /// Concurrent calls are serialized.
    /// </summary>
    /// <param name="profile">The new profile.</param>
    /// <exception cref="IOException">The file could not be written.</exception>
    public void Put(TaskProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        byte[] bytes = TaskProfileJson.ToUtf8Bytes(profile);
        lock (_writeGate)
        {
            SaveAtomically(Path.Combine(Directory, profile.Task + ".json"), bytes);
            _snapshot = _snapshot.With(profile);
        }
    }

    private static TaskProfile ReadFile(string file)
    {
        string expected = Path.GetFileNameWithoutExtension(file);
        if (!ProfileNames.IsValid(expected))
        {
            throw new ProfileValidationException(string.Empty, $"file name '{expected}' is not a valid task name ({ProfileNames.Rule})");
        }

        byte[] bytes;
        try
        {
            var info = new FileInfo(file);
            if (info.Length > TaskProfileJson.MaxBytes)
            {
                throw new ProfileValidationException(string.Empty, $"is larger than {TaskProfileJson.MaxBytes} bytes");
            }

            bytes = File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ProfileValidationException(string.Empty, "could not be read: " + e.Message, e);
        }

        var profile = TaskProfileJson.Parse(bytes);
        if (profile.Task != expected)
        {
            throw new ProfileValidationException("task", $"must equal the file name '{expected}' but is '{profile.Task}'");
        }

        return profile;
    }

    /// <summary>An immutable view of every profile, swapped whole by <see cref="Put"/>.</summary>
    private sealed class Snapshot
    {
        public Snapshot(Dictionary<string, TaskProfile> profiles)
        {
            Profiles = profiles.ToFrozenDictionary(StringComparer.Ordinal);
            Tasks = [.. profiles.Keys.Order(StringComparer.Ordinal)];
        }

        public FrozenDictionary<string, TaskProfile> Profiles { get; }

        public ImmutableArray<string> Tasks { get; }

        public Snapshot With(TaskProfile profile) =>
            new(new Dictionary<string, TaskProfile>(Profiles, StringComparer.Ordinal) { [profile.Task] = profile });
    }
}
