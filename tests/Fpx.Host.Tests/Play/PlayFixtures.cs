using System.Globalization;
using System.Text;

namespace Fpx.Host.Tests.Play;

/// <summary>Paths and small inputs for the play and demo tests.</summary>
internal static class PlayFixtures
{
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fpx.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("Fpx.sln not found above " + AppContext.BaseDirectory);
    }

    public static string Model(string name) => Path.Combine(RepoRoot(), "models", name);

    public static string TempPath(string name)
    {
        string dir = Path.Combine(Path.GetTempPath(), "fpx-play-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name);
    }

    /// <summary>
    /// A 10-minute HFTBench day (09:30:00-09:39:59) on a seeded random walk, a few ticks per bar:
    /// 5 minutes of warm-up history and 300 decision points.
    /// </summary>
    public static string TinyMarketDay(int seconds = 600, int seed = 7)
    {
        var rng = new Random(seed);
        var json = new StringBuilder("{\"2025-01-02\": {");
        double price = 100;
        for (int s = 0; s < seconds; s++)
        {
            double open = price, close = Math.Round(price + (rng.Next(7) - 3) * 0.01, 2);
            double high = Math.Round(Math.Max(open, close) + rng.Next(3) * 0.01, 2), low = Math.Round(Math.Min(open, close) - rng.Next(3) * 0.01, 2);
            int t = 9 * 3600 + 30 * 60 + s;
            json.Append(CultureInfo.InvariantCulture, $"{(s > 0 ? "," : "")}\"{t / 3600:00}:{t / 60 % 60:00}:{t % 60:00}\": {{\"open\": {open}, \"high\": {high}, \"low\": {low}, \"close\": {close}}}");
            price = close;
        }
        json.Append("}}");
        string path = TempPath("ohlc_TEST_2025-01-02.json");
        File.WriteAllText(path, json.ToString());
        return path;
    }
}
