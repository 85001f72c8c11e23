using Fpx.Scenarios.Tool;

// fpx-scenarios: dataset export and quick runs of the scenario libraries (see Usage below).
try
{
    if (args.Length < 2)
    {
        Console.Error.WriteLine(Usage.Text);
        return 2;
    }
    var options = new Arguments(args.Skip(2));
    int code = (args[0], args[1]) switch
    {
        ("export", "trading") => await TradingCommands.ExportAsync(options),
        ("play", "trading") => await TradingCommands.PlayAsync(options),
        ("export", "gaming") => await GamingCommands.ExportAsync(options),
        ("play", "gaming") => await GamingCommands.PlayAsync(options),
        ("vocab", "trading") => TradingCommands.Vocabulary(options),
        ("vocab", "gaming") => GamingCommands.Vocabulary(options),
        _ => throw new ArgumentException($"unknown command '{args[0]} {args[1]}'\n{Usage.Text}"),
    };
    return code;
}
catch (Exception e) when (e is ArgumentException or FormatException or IOException)
{
    Console.Error.WriteLine($"fpx-scenarios: {e.Message}");
    return 1;
}
