using System.Globalization;

namespace Fpx.Load;

/// <summary>How reports write numbers (invariant culture, units chosen for people).</summary>
internal static class Formatting
{
    /// <summary>µs below 1 ms, ms below 1 s, else s: <c>812 µs</c>, <c>1.23 ms</c>, <c>2.50 s</c>.</summary>
    public static string Latency(double microseconds) =>
        double.IsNaN(microseconds) ? "n/a"
        : microseconds < 1_000 ? string.Create(CultureInfo.InvariantCulture, $"{microseconds:F0} µs")
        : microseconds < 1_000_000 ? string.Create(CultureInfo.InvariantCulture, $"{microseconds / 1e3:F2} ms")
        : string.Create(CultureInfo.InvariantCulture, $"{microseconds / 1e6:F2} s");

    public static string Percent(double fraction) => string.Create(CultureInfo.InvariantCulture, $"{fraction * 100:0.###}%");

    public static string Rate(double perSecond) => string.Create(CultureInfo.InvariantCulture, $"{perSecond:F1}/s");

    public static string Number(double value, string format = "F1") => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}
