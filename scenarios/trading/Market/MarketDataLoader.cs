using System.Globalization;
using System.Text.Json;

namespace Fpx.Scenarios.Trading;

/// <summary>
/// Reads HFTBench-format per-second OHLC files, <c>{date: {"HH:MM:SS": {open, high, low, close}}}</c>,
/// and validates them: any defect is a <see cref="MarketDataException"/> naming the file and the key.
/// Fields other than the four prices (a volume, say) are ignored.
/// </summary>
public static class MarketDataLoader
{
    private static readonly string[] PriceFields = ["open", "high", "low", "close"];

    /// <summary>Loads every day of every file, in file order then date order as written.</summary>
    public static IReadOnlyList<MarketDay> LoadFiles(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return paths.SelectMany(Load).ToList();
    }

    /// <summary>Loads every day in one file.</summary>
    public static IReadOnlyList<MarketDay> Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MarketDataException(path, null, $"cannot read the file: {e.Message}", e);
        }
        return Parse(bytes, path);
    }

    /// <summary>Parses one file's bytes; <paramref name="source"/> names it in errors.</summary>
    public static IReadOnlyList<MarketDay> Parse(ReadOnlyMemory<byte> json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new MarketDataException(source, null,
                $"malformed JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message}", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new MarketDataException(source, null, $"the root must be an object of dates, not {root.ValueKind}");
            }
            string stem = Path.GetFileNameWithoutExtension(source);
            var days = new List<MarketDay>();
            foreach (var date in root.EnumerateObject())
            {
                days.Add(new MarketDay($"{stem}/{date.Name}", date.Name, ParseDay(date, source)));
            }
            if (days.Count == 0)
            {
                throw new MarketDataException(source, null, "the file holds no dates");
            }
            return days;
        }
    }

    private static List<OhlcBar> ParseDay(JsonProperty date, string source)
    {
        if (!DateOnly.TryParseExact(date.Name, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            throw new MarketDataException(source, date.Name, "a date key must be YYYY-MM-DD");
        }
        if (date.Value.ValueKind != JsonValueKind.Object)
        {
            throw new MarketDataException(source, date.Name, $"must be an object of \"HH:MM:SS\" bars, not {date.Value.ValueKind}");
        }
        var bars = new List<OhlcBar>();
        foreach (var bar in date.Value.EnumerateObject())
        {
            string key = $"{date.Name}/{bar.Name}";
            int second = ParseTime(bar.Name, source, key);
            if (bars.Count > 0 && second <= bars[^1].Second)
            {
                string what = second == bars[^1].Second ? "is a duplicate" : "is out of order";
                throw new MarketDataException(source, key, $"{what}: times must increase (previous bar {Clock(bars[^1].Second)})");
            }
            bars.Add(ParseBar(bar.Value, second, source, key));
        }
        if (bars.Count == 0)
        {
            throw new MarketDataException(source, date.Name, "the day has no bars");
        }
        return bars;
    }

    private static int ParseTime(string text, string source, string key)
    {
        if (text.Length == 8 && text[2] == ':' && text[5] == ':'
            && int.TryParse(text.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int h)
            && int.TryParse(text.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int m)
            && int.TryParse(text.AsSpan(6, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int s)
            && h < 24 && m < 60 && s < 60)
        {
            return h * 3600 + m * 60 + s;
        }
        throw new MarketDataException(source, key, "a time key must be HH:MM:SS (24-hour)");
    }

    private static OhlcBar ParseBar(JsonElement value, int second, string source, string key)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new MarketDataException(source, key, $"a bar must be an object with open, high, low, close, not {value.ValueKind}");
        }
        Span<double> prices = stackalloc double[4];
        for (int i = 0; i < PriceFields.Length; i++)
        {
            if (!value.TryGetProperty(PriceFields[i], out var field))
            {
                throw new MarketDataException(source, key, $"missing field '{PriceFields[i]}'");
            }
            if (field.ValueKind != JsonValueKind.Number || !field.TryGetDouble(out double price) || !double.IsFinite(price) || price <= 0)
            {
                throw new MarketDataException(source, $"{key}/{PriceFields[i]}", $"must be a positive finite number, not {field.GetRawText()}");
            }
            prices[i] = price;
        }
        var bar = new OhlcBar(second, prices[0], prices[1], prices[2], prices[3]);
        if (bar.High < bar.Low)
        {
            throw new MarketDataException(source, key, $"high ({bar.High}) is below low ({bar.Low})");
        }
        if (bar.Open > bar.High || bar.Open < bar.Low || bar.Close > bar.High || bar.Close < bar.Low)
        {
            throw new MarketDataException(source, key, $"open ({bar.Open}) and close ({bar.Close}) must lie within [low, high] = [{bar.Low}, {bar.High}]");
        }
        return bar;
    }

    /// <summary>HH:MM:SS of seconds since midnight.</summary>
    internal static string Clock(double seconds)
    {
        int s = (int)Math.Floor(seconds);
        return $"{s / 3600:D2}:{s / 60 % 60:D2}:{s % 60:D2}";
    }
}
