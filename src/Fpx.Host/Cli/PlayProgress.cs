using System.Diagnostics;
using Fpx.Scenarios;

namespace Fpx.Host.Cli;

/// <summary>
/// The progress line on stderr: the current stage, decisions so far and elapsed time, printed on
/// every stage change and every few seconds while decisions flow. Stdout stays the report.
/// </summary>
internal sealed class PlayProgress
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(3);
    private readonly TextWriter _error;
    private readonly string _prefix;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _decisions;
    private long _lastPrint;
    private string _stage = "starting";

    public PlayProgress(TextWriter error, string prefix)
    {
        _error = error;
        _prefix = prefix;
    }

    /// <summary>Decisions counted so far.</summary>
    public long Decisions => Interlocked.Read(ref _decisions);

    /// <summary>Seconds since start.</summary>
    public double Seconds => _clock.Elapsed.TotalSeconds;

    /// <summary>Enters a stage and prints the line.</summary>
    public void Stage(string stage)
    {
        _stage = stage;
        Print();
    }

    /// <summary>Wraps <paramref name="agent"/> so that its decisions count toward the line.</summary>
    public IDecisionAgent Count(IDecisionAgent agent) => new Counting(agent, this);

    private void Tick()
    {
        Interlocked.Increment(ref _decisions);
        long now = _clock.ElapsedTicks;
        long last = Interlocked.Read(ref _lastPrint);
        if (now - last > Every.TotalSeconds * Stopwatch.Frequency && Interlocked.CompareExchange(ref _lastPrint, now, last) == last)
        {
            Print();
        }
    }

    private void Print()
    {
        Interlocked.Exchange(ref _lastPrint, _clock.ElapsedTicks);
        _error.WriteLine($"{_prefix}: {_stage}; {Decisions} decisions, {Seconds:F1} s");
        _error.Flush();
    }

    private sealed class Counting(IDecisionAgent inner, PlayProgress progress) : IDecisionAgent
    {
        public ValueTask<AgentDecision> DecideAsync(ReadOnlyMemory<int> observation, long budgetUs, CancellationToken cancellationToken)
        {
            progress.Tick();
            return inner.DecideAsync(observation, budgetUs, cancellationToken);
        }
    }
}
