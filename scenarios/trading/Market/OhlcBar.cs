namespace Fpx.Scenarios.Trading;

/// <summary>One second of trading: its open, high, low and close.</summary>
/// <param name="Second">Seconds since midnight (exchange local time) at the start of the bar.</param>
/// <param name="Open">First trade price.</param>
/// <param name="High">Highest trade price.</param>
/// <param name="Low">Lowest trade price.</param>
/// <param name="Close">Last trade price.</param>
public readonly record struct OhlcBar(int Second, double Open, double High, double Low, double Close);
