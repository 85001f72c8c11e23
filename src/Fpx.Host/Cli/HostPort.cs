using System.CommandLine;

namespace Fpx.Host.Cli;

/// <summary>The <c>--host HOST:PORT</c> option of the client verbs.</summary>
internal static class HostPort
{
    public static Option<string> Option() => new("--host")
    {
        Description = "Host and port of a running `fpx serve`.",
        DefaultValueFactory = _ => "127.0.0.1:7878",
        Validators = { r => { if (!TryParse(r.GetValueOrDefault<string>() ?? "", out _, out _)) r.AddError("--host must be HOST:PORT"); } },
    };

    public static bool TryParse(string text, out string host, out int port)
    {
        int colon = text.LastIndexOf(':');
        host = colon > 0 ? text[..colon] : string.Empty;
        port = 0;
        return colon > 0 && int.TryParse(text[(colon + 1)..], out port) && port is >= 1 and <= 65535;
    }

    /// <summary>Client options for a <c>--host</c> value, with the secret from FPX_SECRET when set.</summary>
    public static Client.FpxClientOptions ClientOptions(string text, bool inlineContinuations = false)
    {
        TryParse(text, out string host, out int port);
        string? secret = Environment.GetEnvironmentVariable("FPX_SECRET");
        return new Client.FpxClientOptions
        {
            Host = host,
            Port = port,
            Secret = string.IsNullOrEmpty(secret) ? null : System.Text.Encoding.UTF8.GetBytes(secret),
            RunContinuationsAsynchronously = !inlineContinuations,
        };
    }

    /// <summary>Parses <c>10s</c>, <c>500ms</c>, <c>2m</c> or a plain number of seconds.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        (string number, double scale) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        if (!double.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double value) || value <= 0)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(value * scale);
        return true;
    }
}
