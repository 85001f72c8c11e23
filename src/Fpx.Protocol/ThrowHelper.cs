using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Fpx.Protocol;

/// <summary>
/// Throw sites kept out of the hot methods so that those stay small enough to inline
/// (the dotnet/runtime ThrowHelper pattern).
/// </summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void Throw(MessagePackErrorKind kind, long offset, string message) =>
        throw new MessagePackException(kind, offset, message);

    [DoesNotReturn]
    public static void ThrowTruncated(long offset) =>
        throw new MessagePackException(MessagePackErrorKind.Truncated, offset, "The data ends inside a value, or where a value was expected");

    [DoesNotReturn]
    public static void ThrowPayloadTruncated(long offset, string what, long length, long remaining) =>
        throw new MessagePackException(
            MessagePackErrorKind.Truncated,
            offset,
            string.Create(CultureInfo.InvariantCulture, $"The {what} claims {length} bytes but only {remaining} remain"));

    [DoesNotReturn]
    public static void ThrowElementsTruncated(long offset, string what, long count, long remaining) =>
        throw new MessagePackException(
            MessagePackErrorKind.Truncated,
            offset,
            string.Create(CultureInfo.InvariantCulture, $"The {what} header claims {count} elements but only {remaining} bytes remain"));

    [DoesNotReturn]
    public static void ThrowReservedCode(long offset) =>
        throw new MessagePackException(MessagePackErrorKind.ReservedCode, offset, "Format byte 0xc1 is reserved by the MessagePack spec and never used");

    [DoesNotReturn]
    public static void ThrowTypeMismatch(string expected, byte code, long offset) =>
        throw new MessagePackException(
            MessagePackErrorKind.TypeMismatch,
            offset,
            string.Create(CultureInfo.InvariantCulture, $"Expected {expected} but found {Describe(code)} (format byte 0x{code:x2})"));

    [DoesNotReturn]
    public static void ThrowOverflow(string target, long offset) =>
        throw new MessagePackException(MessagePackErrorKind.IntegerOverflow, offset, $"The integer does not fit in {target}");

    [DoesNotReturn]
    public static void ThrowInvalidUtf8(long offset) =>
        throw new MessagePackException(MessagePackErrorKind.InvalidUtf8, offset, "The str holds bytes that are not well-formed UTF-8");

    [DoesNotReturn]
    public static void ThrowInvalidTimestamp(long offset, string why) =>
        throw new MessagePackException(MessagePackErrorKind.InvalidTimestamp, offset, why);

    [DoesNotReturn]
    public static void ThrowLimit(MessagePackErrorKind kind, long offset, long claimed, int limit)
    {
        string what = kind switch
        {
            MessagePackErrorKind.CollectionTooLong => "collection length",
            MessagePackErrorKind.StringTooLong => "str length",
            MessagePackErrorKind.BinaryTooLong => "bin length",
            MessagePackErrorKind.ExtensionTooLong => "ext length",
            MessagePackErrorKind.DepthExceeded => "nesting depth",
            _ => "frame size",
        };
        throw new MessagePackException(kind, offset, LimitMessage(what, claimed, limit));
    }

    public static string LimitMessage(string what, long claimed, int limit) =>
        string.Create(CultureInfo.InvariantCulture, $"The {what} {claimed} exceeds the limit of {limit}");

    /// <summary>A short name of the format family of a format byte, for messages.</summary>
    public static string Describe(byte code) => code switch
    {
        <= MessagePackCode.MaxPositiveFixInt => "positive fixint",
        <= MessagePackCode.MaxFixMap => "fixmap",
        <= MessagePackCode.MaxFixArray => "fixarray",
        <= MessagePackCode.MaxFixStr => "fixstr",
        MessagePackCode.Nil => "nil",
        MessagePackCode.NeverUsed => "reserved byte",
        MessagePackCode.False or MessagePackCode.True => "bool",
        MessagePackCode.Bin8 => "bin 8",
        MessagePackCode.Bin16 => "bin 16",
        MessagePackCode.Bin32 => "bin 32",
        MessagePackCode.Ext8 => "ext 8",
        MessagePackCode.Ext16 => "ext 16",
        MessagePackCode.Ext32 => "ext 32",
        MessagePackCode.Float32 => "float 32",
        MessagePackCode.Float64 => "float 64",
        MessagePackCode.UInt8 => "uint 8",
        MessagePackCode.UInt16 => "uint 16",
        MessagePackCode.UInt32 => "uint 32",
        MessagePackCode.UInt64 => "uint 64",
        MessagePackCode.Int8 => "int 8",
        MessagePackCode.Int16 => "int 16",
        MessagePackCode.Int32 => "int 32",
        MessagePackCode.Int64 => "int 64",
        >= MessagePackCode.FixExt1 and <= MessagePackCode.FixExt16 => "fixext",
        MessagePackCode.Str8 => "str 8",
        MessagePackCode.Str16 => "str 16",
        MessagePackCode.Str32 => "str 32",
        MessagePackCode.Array16 => "array 16",
        MessagePackCode.Array32 => "array 32",
        MessagePackCode.Map16 => "map 16",
        MessagePackCode.Map32 => "map 32",
        _ => "negative fixint",
    };
}
