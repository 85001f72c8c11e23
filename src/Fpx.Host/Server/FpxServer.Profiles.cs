using Fpx.Host.Tasks;
using Fpx.Policy.Profiles;
using Fpx.Protocol.Rpc;

namespace Fpx.Host.Server;

// profile.put and profile.get: profiles are the tasks (docs/decisions/0032-profiles-are-the-tasks.md).
public sealed partial class FpxServer
{
    private readonly Lock _profileGate = new();

    /// <summary>The task's profile as canonical JSON, or null when the task has none.</summary>
    /// <param name="task">A task name.</param>
    /// <returns>The JSON.</returns>
    /// <exception cref="RpcException"><c>unknown_task</c>.</exception>
    internal string? GetProfileJson(string task)
    {
        TaskDefinition definition = Tasks.Find(task) ?? throw new RpcException(RpcErrorCodes.UnknownTask, $"No task '{task}'.");
        return definition.Profile is { } profile ? TaskProfileJson.ToJson(profile) : null;
    }

    /// <summary>
    /// Parses (strictly), checks and installs a profile: its name must be <paramref name="task"/>,
    /// its action tokens in the model's vocabulary, and it must enable a variant this host serves.
    /// Then it is saved (atomic replace) when a profile directory is configured, and the task is
    /// added or replaced in the catalog. Puts are serialized, so the file and the catalog agree.
    /// </summary>
    /// <param name="task">The task named by the request.</param>
    /// <param name="json">The profile.</param>
    /// <exception cref="RpcException"><c>bad_request</c> naming the field; <c>internal</c> when saving failed.</exception>
    internal void PutProfile(string task, string json)
    {
        TaskProfile profile;
        try
        {
            profile = TaskProfileJson.Parse(json);
        }
        catch (ProfileValidationException e)
        {
            throw new RpcException(RpcErrorCodes.BadRequest, e.Message, e);
        }

        if (profile.Task != task)
        {
            throw new RpcException(RpcErrorCodes.BadRequest, $"task must equal the task named by the request ('{task}'), not '{profile.Task}'");
        }

        CheckServable(profile);
        lock (_profileGate)
        {
            if (Profiles is not null)
            {
                try
                {
                    Profiles.Put(profile);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Log.Error($"saving the profile of '{task}' failed: {e.Message}");
                    throw new RpcException(RpcErrorCodes.Internal, "The profile could not be saved; nothing changed.", e);
                }
            }

            Tasks.Put(new TaskDefinition(profile));
        }

        Log.Info($"profile of task '{task}' {(Profiles is null ? "replaced (in memory)" : "saved to " + Profiles.Directory)}");
    }

    /// <summary>
    /// Adds a profile loaded at start (already on disk, so not saved again) after the same checks
    /// as <c>profile.put</c>; false with the reason when it cannot be served.
    /// </summary>
    /// <param name="profile">The profile.</param>
    /// <param name="error">Why not, when false.</param>
    /// <returns>Whether the task was added.</returns>
    public bool TryAddTask(TaskProfile profile, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(profile);
        try
        {
            CheckServable(profile);
        }
        catch (RpcException e)
        {
            error = e.Message;
            return false;
        }

        lock (_profileGate)
        {
            Tasks.Put(new TaskDefinition(profile));
        }

        error = null;
        return true;
    }

    /// <summary>Checks what the policy library cannot know: the model's vocabulary and the variants this host serves.</summary>
    /// <exception cref="RpcException"><c>bad_request</c> naming the field.</exception>
    internal void CheckServable(TaskProfile profile)
    {
        if (profile.ActionTokens.Length > TaskDefinition.MaxActions)
        {
            throw new RpcException(RpcErrorCodes.BadRequest, $"action_tokens must hold at most {TaskDefinition.MaxActions} tokens");
        }

        for (int i = 0; i < profile.ActionTokens.Length; i++)
        {
            if (profile.ActionTokens[i] >= Backend.VocabularySize)
            {
                throw new RpcException(RpcErrorCodes.BadRequest, $"action_tokens[{i}] is outside the model's vocabulary [0, {Backend.VocabularySize})");
            }
        }

        foreach (Backend.VariantInfo v in Backend.Variants)
        {
            if (profile.TryGetVariant(v.Name, out VariantProfile? entry) && entry.Enabled && entry.Quality >= profile.MinQuality)
            {
                return;
            }
        }

        throw new RpcException(RpcErrorCodes.BadRequest,
            $"variants must enable, at min_quality or above, at least one variant this host serves ({string.Join(", ", Backend.Variants.Select(v => v.Name))})");
    }
}
