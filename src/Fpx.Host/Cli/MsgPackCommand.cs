using System.CommandLine;
using Fpx.Protocol.Json;

namespace Fpx.Host.Cli;

/// <summary><c>fpx msgpack</c>: look at bot traffic. The JSON mapping is a contract (docs/protocol/messagepack.md).</summary>
internal static class MsgPackCommand
{
    public static Command Create()
    {
        var command = new Command("msgpack", "Convert between MessagePack and JSON lines (stdin to stdout); malformed input exits 2 with the byte offset or line and column.");

        var toJson = new Command("to-json", "Read MessagePack values from stdin and print each as one line of JSON.");
        toJson.SetAction(_ =>
        {
            using var input = Console.OpenStandardInput();
            return MessagePackJson.ToJson(input, Console.Out, Console.Error);
        });

        var fromJson = new Command("from-json", "Read JSON lines from stdin and write MessagePack to stdout, each value in its smallest encoding.");
        fromJson.SetAction(_ =>
        {
            using var output = Console.OpenStandardOutput();
            return MessagePackJson.FromJson(Console.In, output, Console.Error);
        });

        command.Subcommands.Add(toJson);
        command.Subcommands.Add(fromJson);
        return command;
    }
}
