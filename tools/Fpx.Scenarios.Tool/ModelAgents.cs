using System.Diagnostics;
using System.Globalization;

namespace Fpx.Scenarios.Tool;

/// <summary>
/// Trained models (models/NAME) run by tools/model_agent.py, one Python process each, over a line
/// pipe: a stand-in decider until the engine serves them, useful for checking a model in the scenario
/// it was trained for.
/// </summary>
internal sealed class ModelAgents : IAsyncDisposable
{
    private readonly IReadOnlyList<string> _directories;
    private readonly bool _wall;
    private readonly double? _latencyUs;
    private readonly string? _variant;
    private readonly List<PipeDecisionAgent> _started = [];

    private ModelAgents(IReadOnlyList<string> directories, bool wall, double? latencyUs, string? variant)
    {
        _directories = directories;
        _wall = wall;
        _latencyUs = latencyUs;
        _variant = variant;
    }

    public static ModelAgents FromArguments(Arguments args)
    {
        var directories = args.All("model");
        bool wall = args.Flag("wall");
        double? latency = args.Get("model-latency-us") is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : null;
        return new ModelAgents(directories, wall, latency, args.Get("model-variant"));
    }

    /// <summary>
    /// Starts one process per model. A model is DIR, or DIR:VARIANT:LATENCY_US to give it its own
    /// variant and virtual latency (a synthetic precision ladder). The clock is the wall clock
    /// (--wall), a fixed virtual latency, or else the forward-pass time Python measured.
    /// </summary>
    public IEnumerable<(string Name, IDecisionAgent Agent, DecisionClock Clock)> Start(TokenVocabulary vocabulary)
    {
        foreach (string spec in _directories)
        {
            var parts = spec.Split(':');
            string directory = parts[0];
            string? variant = parts.Length > 1 ? parts[1] : _variant;
            double? latencyUs = parts.Length > 2 ? double.Parse(parts[2], CultureInfo.InvariantCulture) : _latencyUs;
            var agent = PipeDecisionAgent.Start(directory, vocabulary, variant);
            _started.Add(agent);
            var clock = _wall ? DecisionClock.Wall() : latencyUs is { } us ? DecisionClock.Virtual(LatencyModel.Fixed(us)) : DecisionClock.Virtual();
            string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)) + (variant is null ? "" : "-" + variant)
                + (latencyUs is { } l && parts.Length > 2 ? $"@{l}us" : "");
            yield return (name, agent, clock);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in _started)
        {
            await agent.DisposeAsync();
        }
    }
}

/// <summary>One model process: writes an observation's token ids per line, reads "action_index latency_us variant".</summary>
internal sealed class PipeDecisionAgent : IDecisionAgent, IAsyncDisposable
{
    private readonly Process _process;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private PipeDecisionAgent(Process process) => _process = process;

    public static PipeDecisionAgent Start(string directory, TokenVocabulary vocabulary, string? variant)
    {
        string script = FindScript();
        var info = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(directory);
        info.ArgumentList.Add("--task");
        info.ArgumentList.Add(vocabulary.Task);
        if (variant is not null)
        {
            info.ArgumentList.Add("--variant");
            info.ArgumentList.Add(variant);
        }
        var process = Process.Start(info) ?? throw new IOException("cannot start /usr/bin/python3");
        string? ready = process.StandardOutput.ReadLine();
        if (ready != "ready")
        {
            throw new IOException($"{script} {directory}: expected 'ready', got '{ready}'");
        }
        return new PipeDecisionAgent(process);
    }

    public async ValueTask<AgentDecision> DecideAsync(ReadOnlyMemory<int> observation, long budgetUs, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await _process.StandardInput.WriteLineAsync(string.Join(' ', observation.ToArray()));
            await _process.StandardInput.FlushAsync(cancellationToken);
            string line = await _process.StandardOutput.ReadLineAsync(cancellationToken) ?? throw new IOException("the model process exited");
            var parts = line.Split(' ');
            return new AgentDecision(int.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture), parts[2]);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _gate.Dispose();
    }

    private static string FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tools", "model_agent.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException("tools/model_agent.py not found above " + AppContext.BaseDirectory);
    }
}
