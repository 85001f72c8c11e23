using Fpx.Engine.Model;
using Fpx.Engine.Runtime;
using Fpx.Engine.Threading;
using Fpx.Host.Backend;
using Fpx.Host.Server;
using Fpx.Policy.Profiles;

namespace Fpx.Host.Cli;

/// <summary>
/// A model directory made ready to serve: the compute pool, the loaded model with the serving
/// variants, the runtime backend over it, and the task profiles of its profile directory. One
/// composition for <c>fpx serve --model</c> and <c>fpx demo</c>; disposing releases them in reverse.
/// </summary>
internal sealed class ServedModel : IDisposable
{
    private readonly ComputePool? _pool;
    private readonly TransformerModel _model;

    private ServedModel(ComputePool? pool, TransformerModel model, TransformerBackend backend, ProfileStore store)
    {
        _pool = pool;
        _model = model;
        Backend = backend;
        Store = store;
    }

    public TransformerBackend Backend { get; }

    /// <summary>The profile directory: the tasks served, and where <c>profile.put</c> saves.</summary>
    public ProfileStore Store { get; }

    /// <summary>The profiles loaded at start (files that failed to load are in <see cref="ProfileStore.LoadErrors"/>).</summary>
    public IReadOnlyList<TaskProfile> Profiles => [.. Store.Tasks.Select(Store.Get)];

    public string Describe() =>
        $"{Backend.Variants.Count} variants ({string.Join(", ", Backend.Variants.Select(v => v.Name))}), context {Backend.MaxContextTokens}, mixes from {_model.LadderSource}";

    /// <summary>
    /// Loads <paramref name="directory"/> with the serving variants and opens
    /// <paramref name="profileDirectory"/> (created when <paramref name="createProfiles"/>).
    /// </summary>
    /// <exception cref="ModelFormatException">The model directory is missing or corrupt.</exception>
    public static ServedModel Open(string directory, string profileDirectory, bool createProfiles, Func<ComputePool?> createPool,
        Func<IReadOnlyList<string>, ComputePool?, ModelLoadOptions> loadOptions, int maxContext)
    {
        ComputePool? pool = createPool();
        TransformerModel? model = null;
        try
        {
            ModelLoadOptions o = loadOptions(VariantNames.Serving, pool);
            model = TransformerModel.Load(directory, new ModelLoadOptions
            {
                Variants = o.Variants, Fp4Format = o.Fp4Format, HeadFormat = o.HeadFormat, Pool = pool, SessionTokens = maxContext,
            });
            var backend = new TransformerBackend(model, new TransformerBackendOptions { MaxContextTokens = maxContext });
            if (createProfiles)
            {
                Directory.CreateDirectory(profileDirectory);
            }
            return new ServedModel(pool, model, backend, ProfileStore.Open(profileDirectory));
        }
        catch
        {
            model?.Dispose();
            pool?.Dispose();
            throw;
        }
    }

    /// <summary>Adds every loaded profile as a task of <paramref name="server"/>; returns the errors of those it refused.</summary>
    public IReadOnlyList<string> AddTasks(FpxServer server)
    {
        var errors = new List<string>();
        foreach (TaskProfile profile in Profiles)
        {
            if (!server.TryAddTask(profile, out string? error))
            {
                errors.Add($"task '{profile.Task}' is not served: {error}");
            }
        }
        return errors;
    }

    public void Dispose()
    {
        Backend.Dispose();
        _model.Dispose();
        _pool?.Dispose();
    }
}
