using System.Text.Json;

namespace Fpx.Host.Cli;

/// <summary>
/// Where <c>fpx play</c> finds its defaults: the repository's models/ (found above the working
/// directory or the executable), and the market data in <c>$FPX_MARKET_DATA</c> or
/// <c>../shared/data/market</c> beside the repository (where tools/train-models.sh looks too).
/// </summary>
internal static class PlayPaths
{
    /// <summary>The bundled model <paramref name="name"/> (e.g. trading-small), or a usage error naming --model.</summary>
    public static string BundledModel(string name)
    {
        foreach (string root in Roots())
        {
            string candidate = Path.Combine(root, "models", name);
            if (File.Exists(Path.Combine(candidate, "config.json")))
            {
                return candidate;
            }
        }
        throw new UsageException($"cannot find models/{name} above {Environment.CurrentDirectory} or {AppContext.BaseDirectory}; give --model DIR");
    }

    /// <summary>
    /// The default market data: the day the model was held out on (its training.json lists
    /// <c>heldout_days</c>, e.g. <c>ohlc_NVDA_2025-04-04/2025-04-04</c>), else every file of the data directory.
    /// </summary>
    public static IReadOnlyList<string> DefaultMarketData(string model)
    {
        string directory = MarketDirectory()
            ?? throw new UsageException("no market data: give --data FILE, or set FPX_MARKET_DATA to a directory of HFTBench-format files (../shared/data/market is looked at too)");
        var heldout = HeldoutFiles(model).Select(f => Path.Combine(directory, f)).Where(File.Exists).ToList();
        if (heldout.Count > 0)
        {
            return heldout;
        }
        var all = Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal).ToList();
        return all.Count > 0 ? all : throw new UsageException($"no *.json market data in {directory}; give --data FILE");
    }

    private static string? MarketDirectory()
    {
        if (Environment.GetEnvironmentVariable("FPX_MARKET_DATA") is { Length: > 0 } env)
        {
            return Directory.Exists(env) ? env : throw new UsageException($"FPX_MARKET_DATA={env} is not a directory");
        }
        return Roots().Select(r => Path.Combine(r, "..", "shared", "data", "market")).FirstOrDefault(Directory.Exists) is { } found
            ? Path.GetFullPath(found) : null;
    }

    private static IEnumerable<string> HeldoutFiles(string model)
    {
        string path = Path.Combine(model, "training.json");
        if (!File.Exists(path))
        {
            return [];
        }
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            if (document.RootElement.TryGetProperty("dataset", out var dataset) && dataset.TryGetProperty("manifest", out var manifest)
                && manifest.TryGetProperty("details", out var details) && details.TryGetProperty("heldout_days", out var days))
            {
                // "ohlc_NVDA_2025-04-04/2025-04-04" is the file stem, then the date.
                return [.. days.EnumerateArray().Select(d => d.GetString()?.Split('/')[0] + ".json")];
            }
        }
        catch (JsonException)
        {
            // A model's training report is informational; without it, every file is used.
        }
        return [];
    }

    /// <summary>The repository roots above the working directory and above the executable (a directory holding models/).</summary>
    private static IEnumerable<string> Roots()
    {
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (Directory.Exists(Path.Combine(dir.FullName, "models")))
                {
                    yield return dir.FullName;
                    break;
                }
            }
        }
    }
}
