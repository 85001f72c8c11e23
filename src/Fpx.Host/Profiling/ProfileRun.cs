using System.Diagnostics;
using System.Numerics.Tensors;
using Fpx.Host.Backend;

namespace Fpx.Host.Profiling;

/// <summary>
/// Runs a task's calibration set through every variant of a backend, one stateless decision at a
/// time, the way the host serves it, and measures quality (agreement with the reference variant
/// fp16, accuracy against labels) and the per-decision compute time. Examples go round the variants
/// in turn (example 1 on every variant, then example 2, ...), so a machine that slows down during
/// the run slows every variant alike. A warm-up first lets the runtime reach tier-1 JIT.
/// </summary>
public sealed class ProfileRun
{
    /// <summary>The variant whose actions the others are compared with.</summary>
    public const string Reference = "fp16";

    private readonly IDecisionBackend _backend;
    private readonly int[] _actions;

    /// <summary>Creates a run.</summary>
    /// <param name="backend">The backend (its variants are measured; it must serve <see cref="Reference"/>).</param>
    /// <param name="actionTokens">The task's action tokens.</param>
    public ProfileRun(IDecisionBackend backend, IReadOnlyList<int> actionTokens)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(actionTokens);
        _backend = backend;
        _actions = [.. actionTokens];
        ReferenceIndex = backend.Variants.Select(v => v.Name).ToList().IndexOf(Reference);
        if (ReferenceIndex < 0)
        {
            throw new ArgumentException($"The backend does not serve {Reference}, the reference of agreement.", nameof(backend));
        }
    }

    /// <summary>Index of <see cref="Reference"/> among the backend's variants.</summary>
    public int ReferenceIndex { get; }

    /// <summary>Unmeasured warm-up before measuring (two bursts separated by quiet pauses, as the host's warm-up). Default 1.5 s.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Measures every variant on <paramref name="examples"/>.</summary>
    /// <param name="examples">The calibration set.</param>
    /// <param name="progress">Told the decisions done so far and the total; may be null.</param>
    /// <returns>One measurement per variant, in the backend's order.</returns>
    public IReadOnlyList<VariantMeasurement> Measure(IReadOnlyList<CalibrationExample> examples, IProgress<(int Done, int Total)>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(examples);
        int variants = _backend.Variants.Count;
        var actions = new int[variants, examples.Count];
        var times = new double[variants][];
        for (int v = 0; v < variants; v++)
        {
            times[v] = new double[examples.Count];
        }

        WarmUp(examples);
        int total = variants * examples.Count;
        for (int e = 0; e < examples.Count; e++)
        {
            for (int v = 0; v < variants; v++)
            {
                (actions[v, e], times[v][e]) = Decide(v, examples[e].Tokens);
            }

            progress?.Report(((e + 1) * variants, total));
        }

        var results = new VariantMeasurement[variants];
        int labelled = examples.Count(x => x.Label is not null);
        for (int v = 0; v < variants; v++)
        {
            int agree = 0, correct = 0;
            for (int e = 0; e < examples.Count; e++)
            {
                agree += actions[v, e] == actions[ReferenceIndex, e] ? 1 : 0;
                correct += examples[e].Label == actions[v, e] ? 1 : 0;
            }

            double[] sorted = [.. times[v].Order()];
            VariantInfo info = _backend.Variants[v];
            results[v] = new VariantMeasurement(
                info.Name, info.BitsPerWeight, (double)agree / examples.Count, labelled > 0 ? (double)correct / labelled : null,
                sorted.Average(), Quantile(sorted, 0.5), Quantile(sorted, 0.9), Quantile(sorted, 0.99), examples.Count);
        }

        return [.. results.Select(r => r with { OnFrontier = !results.Any(o => Dominates(o, r)) })];
    }

    private static bool Dominates(VariantMeasurement a, VariantMeasurement b) =>
        a.MeanUs <= b.MeanUs && a.Agreement >= b.Agreement && (a.MeanUs < b.MeanUs || a.Agreement > b.Agreement);

    /// <summary>Nearest-rank quantile of sorted values.</summary>
    internal static double Quantile(double[] sorted, double q) =>
        sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];

    private void WarmUp(IReadOnlyList<CalibrationExample> examples)
    {
        if (Warmup <= TimeSpan.Zero)
        {
            return;
        }

        for (int burst = 0; burst < 2; burst++)
        {
            long start = Stopwatch.GetTimestamp();
            int e = 0;
            while (Stopwatch.GetElapsedTime(start) < Warmup / 3)
            {
                for (int v = 0; v < _backend.Variants.Count; v++)
                {
                    Decide(v, examples[e % examples.Count].Tokens);
                }

                e++;
            }

            Thread.Sleep(120); // quiet, so tiered compilation installs the tier-1 code
        }
    }

    private readonly BackendItem[] _item = new BackendItem[1];
    private readonly TimeSpan[] _time = new TimeSpan[1];
    private float[] _probabilities = [];

    private (int Action, double Us) Decide(int variant, int[] tokens)
    {
        if (_probabilities.Length != _actions.Length)
        {
            _probabilities = new float[_actions.Length];
        }

        _item[0] = new BackendItem(_actions, tokens, BackendItem.NoSession, _probabilities);
        _backend.Decide(variant, _item, _time);
        return (_actions[TensorPrimitives.IndexOfMax<float>(_probabilities)], _time[0].TotalMicroseconds);
    }
}
