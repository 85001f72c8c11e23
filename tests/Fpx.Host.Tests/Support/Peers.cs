using System.Diagnostics;
using System.Text.Json;

namespace Fpx.Host.Tests.Support;

/// <summary>
/// Runs the Python and Node bots in tests/interop. A missing peer fails the test with the
/// install step (CI installs them with tools/install-test-peers.sh); it never skips silently.
/// </summary>
public static class Peers
{
    private const string InstallScript = "tools/install-test-peers.sh";

    public static string RepoRoot { get; } = FindRepoRoot();

    private static string FindRepoRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "tests", "interop")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No tests/interop folder above {AppContext.BaseDirectory}");
    }

    public static string RequirePython()
    {
        const string python = "/usr/bin/python3";
        if (!File.Exists(python) || Run(python, ["-c", "import msgpack"], TimeSpan.FromSeconds(30)).Exit != 0)
        {
            Assert.Fail($"Interop peer missing: {python} with python3-msgpack. Install with `apt-get install python3-msgpack` (or run {InstallScript} as root).");
        }

        return python;
    }

    public static string RequireNode()
    {
        string? node = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "node"))
            .FirstOrDefault(File.Exists);
        string installed = Path.Combine(RepoRoot, "tests", "interop", "node", "node_modules", "@msgpack", "msgpack", "package.json");
        if (node is null || !File.Exists(installed))
        {
            Assert.Fail($"Interop peer missing: node with @msgpack/msgpack in tests/interop/node. Install with `apt-get install nodejs npm` and `npm ci --prefix tests/interop/node` (or run {InstallScript}).");
        }

        return node!;
    }

    public static (int Exit, string Stdout, string Stderr) Run(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{fileName} {string.Join(' ', arguments)} did not finish in {timeout}");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs a bot against a host and returns its JSON lines.</summary>
    public static List<JsonElement> RunBot(string runtime, string script, int port, string? secret = null)
    {
        List<string> args = [Path.Combine(RepoRoot, script), "127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        if (secret is not null)
        {
            args.Add(secret);
        }

        (int exit, string stdout, string stderr) = Run(runtime, args, TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, $"{script} exited {exit}:\n{stderr}\n{stdout}");
        return [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }
}
