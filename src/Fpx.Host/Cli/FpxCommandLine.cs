using System.CommandLine;

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
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(LoadCommand.Create());
        return root;
    }
}
