using System.Diagnostics;
using System.Text.Json;

namespace Fpx.Protocol.Tests.Support;

/// <summary>
/// Finds and runs the independent MessagePack implementations the interop tests check against.
/// A missing peer fails the test with the exact install step (CI installs both through
/// tools/install-test-peers.sh); it never skips silently.
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

    /// <summary>Debian's python3 with python3-msgpack (not a pyenv python earlier on PATH, which lacks the package).</summary>
    public static string RequirePython()
    {
        const string python = "/usr/bin/python3";
        if (!File.Exists(python))
        {
            Assert.Fail($"Interop peer missing: {python} does not exist. Install it with `apt-get install python3 python3-msgpack` (or run {InstallScript} as root).");
        }

        (int exit, _, string stderr) = Run(python, ["-c", "import msgpack"], RepoRoot);
        if (exit != 0)
        {
            Assert.Fail($"Interop peer missing: Python's msgpack package is not importable by {python} ({stderr.Trim()}). Install it with `apt-get install python3-msgpack` (or run {InstallScript} as root).");
        }

        return python;
    }

    /// <summary>Node with @msgpack/msgpack at the version pinned in tests/interop/node/package.json.</summary>
    public static string RequireNode()
    {
        string? node = FindOnPath("node");
        if (node is null)
        {
            Assert.Fail($"Interop peer missing: `node` is not on PATH. Install it with `apt-get install nodejs npm`, then `npm ci --prefix tests/interop/node` (or run {InstallScript} as root).");
        }

        string peerDir = Path.Combine(RepoRoot, "tests", "interop", "node");
        string installed = Path.Combine(peerDir, "node_modules", "@msgpack", "msgpack", "package.json");
        string wanted = JsonDocument.Parse(File.ReadAllText(Path.Combine(peerDir, "package.json")))
            .RootElement.GetProperty("dependencies").GetProperty("@msgpack/msgpack").GetString()!;
        if (!File.Exists(installed))
        {
            Assert.Fail($"Interop peer missing: @msgpack/msgpack is not installed in tests/interop/node. Run `npm ci --prefix tests/interop/node` (or {InstallScript}).");
        }

        string version = JsonDocument.Parse(File.ReadAllText(installed)).RootElement.GetProperty("version").GetString()!;
        if (version != wanted)
        {
            Assert.Fail($"Interop peer mismatch: tests/interop/node has @msgpack/msgpack {version}, package.json pins {wanted}. Run `npm ci --prefix tests/interop/node`.");
        }

        return node!;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    public static (int Exit, string Stdout, string Stderr) Run(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{fileName} {string.Join(' ', arguments)} did not finish in 120 s");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs a peer script and fails the test with its stderr unless it exits 0.</summary>
    public static void RunPeer(string runtime, string script, params string[] arguments)
    {
        (int exit, string stdout, string stderr) = Run(runtime, [Path.Combine(RepoRoot, script), .. arguments], RepoRoot);
        Assert.True(exit == 0, $"{Path.GetFileName(runtime)} {script} {arguments[0]} exited {exit}:\n{stderr}\n{stdout}");
    }
}
