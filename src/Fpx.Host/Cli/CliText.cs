using System.Globalization;

namespace Fpx.Host.Cli;

/// <summary>How numbers are printed by every verb: invariant culture, shortest round-trip form.</summary>
internal static class CliText
{
    public static string Number(double value) => value switch
    {
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ when double.IsNaN(value) => "nan",
        _ => value.ToString(CultureInfo.InvariantCulture),
    };

    public static string Number(float value) => float.IsFinite(value) ? value.ToString(CultureInfo.InvariantCulture) : Number((double)value);

    public static string Fixed(double value, int decimals) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);
}
