namespace Fpx.Scenarios.Trading;

/// <summary>A market data file that cannot be replayed; the message names the file and the offending key.</summary>
public sealed class MarketDataException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public MarketDataException(string file, string? key, string reason, Exception? inner = null)
        : base(key is null ? $"{file}: {reason}" : $"{file}: {key}: {reason}", inner)
    {
        File = file;
        Key = key;
        Reason = reason;
    }

    /// <summary>The file.</summary>
    public string File { get; }

    /// <summary>The JSON path of the problem (<c>2025-04-04/09:30:00/high</c>), or null for the whole file.</summary>
    public string? Key { get; }

    /// <summary>What is wrong.</summary>
    public string Reason { get; }
}
