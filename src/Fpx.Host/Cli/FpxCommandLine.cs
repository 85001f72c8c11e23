using System.CommandLine;
using System.CommandLine.Invocation;

namespace Fpx.Host.Cli;

/// <summary>The <c>fpx</c> command line: each verb lives in its own file and is added here.</summary>
public static class FpxCommandLine
{
    /// <summary>Builds the root command with every verb.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("Fpx: a latency-aware, mixed-precision decision service for time-critical agents.");
        root.Subcommands.Add(FormatsCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(MsgPackCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(VariantsCommand.Create());
        root.Subcommands.Add(CalibrateCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(ProfileCommand.Create());
        root.Subcommands.Add(LoadCommand.Create());
        root.Subcommands.Add(PlayCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(ExportDataCommand.Create());
        return root;
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>. A command line that does not parse (unknown verb or
    /// option, missing or malformed value) prints its errors and exits with <see cref="CliExit.Usage"/>.
    /// </summary>
    public static int Run(string[] args)
    {
        var result = Build().Parse(args);
        if (result.Action is ParseErrorAction && result.Errors.Count > 0)
        {
            foreach (var error in result.Errors)
            {
                Console.Error.WriteLine($"fpx: {error.Message}");
            }
            Console.Error.WriteLine("fpx: see `fpx --help` or `fpx <verb> --help`");
            return CliExit.Usage;
        }
        return result.Invoke();
    }
}
