namespace Fpx.Protocol.Tests.Support;

public static class Hex
{
    /// <summary>Parses "cd 01 00" style hex (spaces optional).</summary>
    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    public static byte[] Repeat(byte value, int count) => Enumerable.Repeat(value, count).ToArray();

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
