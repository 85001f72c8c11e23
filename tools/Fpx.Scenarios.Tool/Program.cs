using Fpx.Scenarios.Tool;

// fpx-scenarios: baseline studies of the scenario libraries with scripted agents and the Python
// reference model (see Usage below). Dataset export is `fpx export-data`; the runtime's variants
// and the adaptive policy play in `fpx play`.
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
        ("play", "trading") => await TradingCommands.PlayAsync(options),
        ("play", "gaming") => await GamingCommands.PlayAsync(options),
        _ => throw new ArgumentException($"unknown command '{args[0]} {args[1]}'\n{Usage.Text}"),
    };
    return code;
}
catch (Exception e) when (e is ArgumentException or FormatException or IOException)
{
    Console.Error.WriteLine($"fpx-scenarios: {e.Message}");
    return 1;
}
