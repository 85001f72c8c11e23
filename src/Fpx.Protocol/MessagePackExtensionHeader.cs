namespace Fpx.Protocol;

/// <summary>The header of an ext value (spec "ext format family"): its type and payload length.</summary>
public readonly struct MessagePackExtensionHeader
{
    /// <summary>Creates a header.</summary>
    /// <param name="typeCode">The extension type; -128..-1 are reserved by the spec (-1 is the timestamp).</param>
    /// <param name="length">Payload length in bytes.</param>
    public MessagePackExtensionHeader(sbyte typeCode, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        TypeCode = typeCode;
        Length = length;
    }

    /// <summary>The extension type; -128..-1 are reserved by the spec (-1 is the timestamp).</summary>
    public sbyte TypeCode { get; }

    /// <summary>Payload length in bytes.</summary>
    public int Length { get; }
}
