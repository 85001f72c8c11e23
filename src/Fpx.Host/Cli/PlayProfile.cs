using Fpx.Policy.Latency;
using Fpx.Policy.Profiles;
using Fpx.Scenarios;
using Fpx.Scenarios.Statistics;

namespace Fpx.Host.Cli;

/// <summary>
/// The task profile the in-process adaptive policy uses: <c>MODEL/profiles/TASK.json</c> when it
/// exists (written by <c>fpx profile</c>), else a default derived from the model's task.json with
/// each variant's quality measured as its agreement with fp16 on the scenario's own observations.
/// </summary>
internal static class PlayProfile
{
    /// <summary>The profile and where it came from (for the report).</summary>
    public sealed record Loaded(TaskProfile Profile, string Source);

    /// <summary>The path <c>fpx profile</c> writes for <paramref name="task"/>.</summary>
    public static string PathFor(string modelDirectory, string task) => Path.Combine(modelDirectory, "profiles", task + ".json");

    /// <summary>
    /// Loads the profile file, or derives the default (<see cref="Default"/>). A profile file that
    /// does not parse is an error, not a silent fallback: it is what a quant edited.
    /// </summary>
    public static Loaded Resolve(PlayEngine engine, string modelDirectory, IReadOnlyList<int[]> observations, IReadOnlyDictionary<string, double[]> samplesUs, UtilitySpec? utility = null)
    {
        string path = PathFor(modelDirectory, engine.Vocabulary.Task);
        if (File.Exists(path))
        {
            try
            {
                return new Loaded(TaskProfileJson.Parse(File.ReadAllBytes(path)), path);
            }
            catch (ProfileValidationException e)
            {
                throw new IOException($"{path}: {e.Message}", e);
            }
        }
        utility ??= UtilitySpec.Hard;
        return new Loaded(Default(engine, observations, samplesUs, utility), $"default (agreement with fp16 on {observations.Count} observations, {utility} utility)");
    }

    /// <summary>
    /// The default profile: the task's action tokens; quality = agreement of each variant's action
    /// with fp16's (fp16 itself 1; the most precise variant stands in when fp16 is not loaded); hard
    /// utility unless told otherwise (an answer is worth its quality if it arrives within the budget
    /// and nothing after), because the scenarios' budgets already say when an answer stops
    /// mattering (<c>--utility linear</c> also prices speed within the budget); planning at p99;
    /// degrade when nothing fits, since a late answer beats none in both games. Latency seeds are
    /// the measured p50/p90/p99, so the profile is complete if written out.
    /// </summary>
    public static TaskProfile Default(PlayEngine engine, IReadOnlyList<int[]> observations, IReadOnlyDictionary<string, double[]>? samplesUs, UtilitySpec? utility = null)
    {
        var names = engine.VariantNames;
        int reference = names.Contains("fp16") ? engine.IndexOf("fp16") : 0;
        var referenceActions = observations.Select(o => engine.Decide(reference, o)).ToArray();
        var variants = new List<KeyValuePair<string, VariantProfile>>();
        foreach (string name in names)
        {
            int index = engine.IndexOf(name);
            int agree = 0;
            for (int i = 0; i < observations.Count; i++)
            {
                agree += engine.Decide(index, observations[i]) == referenceActions[i] ? 1 : 0;
            }
            double agreement = observations.Count == 0 ? 1 : (double)agree / observations.Count;
            LatencySeed? seed = samplesUs is not null && samplesUs.TryGetValue(name, out var samples) ? Seed(samples) : null;
            variants.Add(new(name, new VariantProfile(agreement, seed, agreement: agreement)));
        }
        return new TaskProfile(engine.Vocabulary.Task, engine.Vocabulary.ActionTokens, variants, 0.99, utility ?? UtilitySpec.Hard, MissPolicy.Degrade);
    }

    private static LatencySeed Seed(double[] samples)
    {
        double[] sorted = [.. samples.Order()];
        // A seed needs positive, non-decreasing quantiles; measured times are, but guard a 0 µs sample.
        double p50 = Math.Max(0.001, Bootstrap.Quantile(sorted, 0.5));
        double p90 = Math.Max(p50, Bootstrap.Quantile(sorted, 0.9));
        return new LatencySeed(p50, p90, Math.Max(p90, Bootstrap.Quantile(sorted, 0.99)));
    }
}
