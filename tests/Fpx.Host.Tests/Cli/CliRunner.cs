using Fpx.Host.Cli;

namespace Fpx.Host.Tests.Cli;

/// <summary>Runs the fpx command line in process with stdout and stderr captured.</summary>
internal static class CliRunner
{
    private static readonly object Gate = new();

    public static (int Exit, string Out, string Error) Run(params string[] args)
    {
        lock (Gate) // Console is process-wide
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var (oldOut, oldError) = (Console.Out, Console.Error);
            Console.SetOut(stdout);
            Console.SetError(stderr);
            try
            {
                int exit = FpxCommandLine.Run(args);
                return (exit, stdout.ToString(), stderr.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldError);
            }
        }
    }

    public static string Model(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "Models", name);

    /// <summary>A copy of a reference model in a fresh temporary directory.</summary>
    public static string Copy(string name)
    {
        string target = Path.Combine(Path.GetTempPath(), "fpx-host-tests", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(target);
        foreach (string file in Directory.GetFiles(Model(name)))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
        return target;
    }
}
