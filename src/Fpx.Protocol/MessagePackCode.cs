namespace Fpx.Protocol;

/// <summary>
/// Format bytes of the MessagePack spec ("Formats / Overview" table,
/// https://github.com/msgpack/msgpack/blob/master/spec.md#overview).
/// </summary>
internal static class MessagePackCode
{
    public const byte MaxPositiveFixInt = 0x7f;
    public const byte MinFixMap = 0x80;
    public const byte MaxFixMap = 0x8f;
    public const byte MinFixArray = 0x90;
    public const byte MaxFixArray = 0x9f;
    public const byte MinFixStr = 0xa0;
    public const byte MaxFixStr = 0xbf;
    public const byte Nil = 0xc0;
    /// <summary>"(never used)" in the spec: a reader must reject it.</summary>
    public const byte NeverUsed = 0xc1;
    public const byte False = 0xc2;
    public const byte True = 0xc3;
    public const byte Bin8 = 0xc4;
    public const byte Bin16 = 0xc5;
    public const byte Bin32 = 0xc6;
    public const byte Ext8 = 0xc7;
    public const byte Ext16 = 0xc8;
    public const byte Ext32 = 0xc9;
    public const byte Float32 = 0xca;
    public const byte Float64 = 0xcb;
    public const byte UInt8 = 0xcc;
    public const byte UInt16 = 0xcd;
    public const byte UInt32 = 0xce;
    public const byte UInt64 = 0xcf;
    public const byte Int8 = 0xd0;
    public const byte Int16 = 0xd1;
    public const byte Int32 = 0xd2;
    public const byte Int64 = 0xd3;
    public const byte FixExt1 = 0xd4;
    public const byte FixExt2 = 0xd5;
    public const byte FixExt4 = 0xd6;
    public const byte FixExt8 = 0xd7;
    public const byte FixExt16 = 0xd8;
    public const byte Str8 = 0xd9;
    public const byte Str16 = 0xda;
    public const byte Str32 = 0xdb;
    public const byte Array16 = 0xdc;
    public const byte Array32 = 0xdd;
    public const byte Map16 = 0xde;
    public const byte Map32 = 0xdf;
    public const byte MinNegativeFixInt = 0xe0;

    /// <summary>Longest header of any format: uint 64 / int 64 / float 64 (1 + 8 bytes).</summary>
    public const int MaxHeaderSize = 9;

    /// <summary>The extension type of the spec's Timestamp extension ("Timestamp extension type").</summary>
    public const sbyte TimestampExtensionType = -1;

    /// <summary>
    /// Header sizes (format byte plus the fixed-size fields that follow it) of the formats
    /// 0xc0..0xdf, indexed by <c>code - 0xc0</c>; 0 marks 0xc1, which the spec never uses.
    /// </summary>
    public static ReadOnlySpan<byte> VariableHeaderSizes =>
    [
        1, 0, 1, 1,    // nil, (never used), false, true
        2, 3, 5,       // bin 8/16/32: code + length
        3, 4, 6,       // ext 8/16/32: code + length + type
        5, 9,          // float 32/64
        2, 3, 5, 9,    // uint 8/16/32/64
        2, 3, 5, 9,    // int 8/16/32/64
        2, 2, 2, 2, 2, // fixext 1/2/4/8/16: code + type
        2, 3, 5,       // str 8/16/32
        3, 5,          // array 16/32
        3, 5,          // map 16/32
    ];

    /// <summary>
    /// Sizes of the tokens that are whole values of fixed size (int, nil, bool, float), indexed by
    /// format byte; 0 for everything else (str, bin, ext, array, map, 0xc1). Lets the frame
    /// scanner step over scalars without decoding them.
    /// </summary>
    public static ReadOnlySpan<byte> ScalarSizes =>
    [
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, // 0x00
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, // 0x10
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, // 0x20
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, // 0x30
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, // 0x40
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, // 0x50
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, // 0x60
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, // 0x70
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 0x80
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 0x90
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 0xa0
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 0xb0
        1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 5, 9, 2, 3, 5, 9, // 0xc0
        2, 3, 5, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 0xd0
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, // 0xe0
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, // 0xf0
    ];

    /// <summary>The MessagePack type a format byte belongs to (spec "Formats / Overview").</summary>
    public static MessagePackType TypeOf(byte code) => code switch
    {
        <= MaxPositiveFixInt => MessagePackType.Integer,
        <= MaxFixMap => MessagePackType.Map,
        <= MaxFixArray => MessagePackType.Array,
        <= MaxFixStr => MessagePackType.String,
        Nil => MessagePackType.Nil,
        NeverUsed => MessagePackType.Unknown,
        False or True => MessagePackType.Boolean,
        >= Bin8 and <= Bin32 => MessagePackType.Binary,
        >= Ext8 and <= Ext32 => MessagePackType.Extension,
        Float32 or Float64 => MessagePackType.Float,
        >= UInt8 and <= Int64 => MessagePackType.Integer,
        >= FixExt1 and <= FixExt16 => MessagePackType.Extension,
        >= Str8 and <= Str32 => MessagePackType.String,
        Array16 or Array32 => MessagePackType.Array,
        Map16 or Map32 => MessagePackType.Map,
        _ => MessagePackType.Integer, // negative fixint 0xe0..0xff
    };
}
