using System.Buffers.Binary;
using System.Text;
using static Fpx.Protocol.Tests.Support.MsgValue;

namespace Fpx.Protocol.Tests.Support;

/// <summary>One encoding with the value it must decode to.</summary>
/// <param name="Name">Test-case name.</param>
/// <param name="Bytes">The encoding, written out by hand from the spec (not by the writer under test).</param>
/// <param name="Value">What it decodes to.</param>
/// <param name="Canonical">True when the writer must produce exactly these bytes (smallest encoding).</param>
public sealed record CorpusEntry(string Name, byte[] Bytes, MsgValue Value, bool Canonical);

/// <summary>
/// Every format byte family of the spec ("Formats / Overview") at its boundary values, plus
/// non-smallest encodings that a reader must accept (other writers produce them).
/// </summary>
public static class Corpus
{
    public static IReadOnlyList<CorpusEntry> All { get; } = Build();

    public static IReadOnlyDictionary<string, CorpusEntry> ByName { get; } = All.ToDictionary(e => e.Name);

    public static IEnumerable<object[]> Names => All.Select(e => new object[] { e.Name });

    public static IEnumerable<object[]> CanonicalNames => All.Where(e => e.Canonical).Select(e => new object[] { e.Name });

    private static List<CorpusEntry> Build()
    {
        var list = new List<CorpusEntry>();
        void Add(string name, string hex, MsgValue value, bool canonical = true) => list.Add(new(name, Hex.Bytes(hex), value, canonical));
        void AddBytes(string name, byte[] bytes, MsgValue value, bool canonical = true) => list.Add(new(name, bytes, value, canonical));

        // nil format, bool format family
        Add("nil", "c0", Nil);
        Add("false", "c2", Bool(false));
        Add("true", "c3", Bool(true));

        // int format family: positive side, each width at both edges
        Add("positive fixint 0", "00", Int(0));
        Add("positive fixint 1", "01", Int(1));
        Add("positive fixint 127", "7f", Int(127));
        Add("uint 8 128", "cc80", Int(128));
        Add("uint 8 255", "ccff", Int(255));
        Add("uint 16 256", "cd0100", Int(256));
        Add("uint 16 65535", "cdffff", Int(65535));
        Add("uint 32 65536", "ce00010000", Int(65536));
        Add("uint 32 2^32-1", "ceffffffff", Int(uint.MaxValue));
        Add("uint 64 2^32", "cf0000000100000000", Int(1L << 32));
        Add("uint 64 2^63-1", "cf7fffffffffffffff", Int(long.MaxValue));
        Add("uint 64 2^63", "cf8000000000000000", UInt(1UL << 63));
        Add("uint 64 2^64-1", "cfffffffffffffffff", UInt(ulong.MaxValue));

        // int format family: negative side
        Add("negative fixint -1", "ff", Int(-1));
        Add("negative fixint -32", "e0", Int(-32));
        Add("int 8 -33", "d0df", Int(-33));
        Add("int 8 -128", "d080", Int(-128));
        Add("int 16 -129", "d1ff7f", Int(-129));
        Add("int 16 -32768", "d18000", Int(-32768));
        Add("int 32 -32769", "d2ffff7fff", Int(-32769));
        Add("int 32 -2^31", "d280000000", Int(int.MinValue));
        Add("int 64 -2^31-1", "d3ffffffff7fffffff", Int(int.MinValue - 1L));
        Add("int 64 -2^63", "d38000000000000000", Int(long.MinValue));

        // Wider than needed: legal, and other writers emit them.
        Add("uint 8 holding 5", "cc05", Int(5), false);
        Add("uint 16 holding 5", "cd0005", Int(5), false);
        Add("uint 32 holding 5", "ce00000005", Int(5), false);
        Add("uint 64 holding 5", "cf0000000000000005", Int(5), false);
        Add("int 8 holding 5", "d005", Int(5), false);
        Add("int 8 holding -32", "d0e0", Int(-32), false);
        Add("int 16 holding -1", "d1ffff", Int(-1), false);
        Add("int 32 holding 127", "d20000007f", Int(127), false);
        Add("int 64 holding -1", "d3ffffffffffffffff", Int(-1), false);
        Add("int 64 holding 2^63-1", "d37fffffffffffffff", Int(long.MaxValue), false);

        // float format family (bit patterns, NaN payloads included)
        Add("float 32 0", "ca00000000", F32Bits(0x00000000));
        Add("float 32 -0", "ca80000000", F32Bits(0x80000000));
        Add("float 32 1.5", "ca3fc00000", F32(1.5f));
        Add("float 32 NaN", "ca7fc00000", F32Bits(0x7fc00000));
        Add("float 32 +Infinity", "ca7f800000", F32(float.PositiveInfinity));
        Add("float 32 -Infinity", "caff800000", F32(float.NegativeInfinity));
        Add("float 32 max", "ca7f7fffff", F32(float.MaxValue));
        Add("float 32 smallest subnormal", "ca00000001", F32(float.Epsilon));
        Add("float 64 0", "cb0000000000000000", F64(0.0));
        Add("float 64 -0", "cb8000000000000000", F64(-0.0));
        Add("float 64 0.1", "cb3fb999999999999a", F64(0.1));
        Add("float 64 NaN", "cb7ff8000000000000", F64Bits(0x7ff8000000000000));
        Add("float 64 NaN with payload", "cb7ff8000000000123", F64Bits(0x7ff8000000000123));
        Add("float 64 +Infinity", "cb7ff0000000000000", F64(double.PositiveInfinity));
        Add("float 64 -Infinity", "cbfff0000000000000", F64(double.NegativeInfinity));
        Add("float 64 max", "cb7fefffffffffffff", F64(double.MaxValue));
        Add("float 64 smallest subnormal", "cb0000000000000001", F64(double.Epsilon));

        // str format family: every width at both edges, and multi-byte UTF-8
        Add("fixstr empty", "a0", Str(string.Empty));
        Add("fixstr 1", "a161", Str("a"));
        AddBytes("fixstr 31", Hex.Concat([0xbf], Hex.Repeat(0x61, 31)), Str(new string('a', 31)));
        AddBytes("str 8 32", Hex.Concat(Hex.Bytes("d920"), Hex.Repeat(0x61, 32)), Str(new string('a', 32)));
        AddBytes("str 8 255", Hex.Concat(Hex.Bytes("d9ff"), Hex.Repeat(0x61, 255)), Str(new string('a', 255)));
        AddBytes("str 16 256", Hex.Concat(Hex.Bytes("da0100"), Hex.Repeat(0x61, 256)), Str(new string('a', 256)));
        AddBytes("str 16 65535", Hex.Concat(Hex.Bytes("daffff"), Hex.Repeat(0x61, 65535)), Str(new string('a', 65535)));
        AddBytes("str 32 65536", Hex.Concat(Hex.Bytes("db00010000"), Hex.Repeat(0x61, 65536)), Str(new string('a', 65536)));
        Add("fixstr 2-byte UTF-8", "a2c3a9", Str("é"));
        Add("fixstr 3-byte UTF-8", "a3e282ac", Str("€"));
        Add("fixstr 4-byte UTF-8", "a4f09f9880", Str("😀"));
        Add("fixstr U+10FFFF", "a4f48fbfbf", Str("\U0010FFFF"));
        Add("fixstr NUL", "a100", Str("\0"));
        string mixed = string.Concat(Enumerable.Repeat("aé€😀", 12));
        AddBytes("str 8 mixed UTF-8", Hex.Concat([0xd9, (byte)Encoding.UTF8.GetByteCount(mixed)], Encoding.UTF8.GetBytes(mixed)), Str(mixed));
        AddBytes("str 8 holding 31", Hex.Concat(Hex.Bytes("d91f"), Hex.Repeat(0x62, 31)), Str(new string('b', 31)), false);
        Add("str 16 holding 1", "da000163", Str("c"), false);
        Add("str 32 holding 0", "db00000000", Str(string.Empty), false);

        // bin format family
        Add("bin 8 empty", "c400", Bin([]));
        Add("bin 8 1", "c401ff", Bin([0xff]));
        AddBytes("bin 8 255", Hex.Concat(Hex.Bytes("c4ff"), Pattern(255)), Bin(Pattern(255)));
        AddBytes("bin 16 256", Hex.Concat(Hex.Bytes("c50100"), Pattern(256)), Bin(Pattern(256)));
        AddBytes("bin 16 65535", Hex.Concat(Hex.Bytes("c5ffff"), Pattern(65535)), Bin(Pattern(65535)));
        AddBytes("bin 32 65536", Hex.Concat(Hex.Bytes("c600010000"), Pattern(65536)), Bin(Pattern(65536)));
        Add("bin 16 holding 1", "c5000107", Bin([7]), false);
        Add("bin 32 holding 0", "c600000000", Bin([]), false);

        // array format family (elements are one-byte fixints so sizes stay predictable)
        Add("fixarray empty", "90", Arr());
        Add("fixarray 1", "9101", Arr(Int(1)));
        AddBytes("fixarray 15", Hex.Concat([0x9f], Small(15)), Arr(SmallValues(15)));
        AddBytes("array 16 16", Hex.Concat(Hex.Bytes("dc0010"), Small(16)), Arr(SmallValues(16)));
        AddBytes("array 16 65535", Hex.Concat(Hex.Bytes("dcffff"), Small(65535)), Arr(SmallValues(65535)));
        AddBytes("array 32 65536", Hex.Concat(Hex.Bytes("dd00010000"), Small(65536)), Arr(SmallValues(65536)));
        Add("array 16 holding 0", "dc0000", Arr(), false);
        Add("array 32 holding 1", "dd00000001c0", Arr(Nil), false);

        // map format family (keys fixints, values nil; duplicate keys are legal MessagePack)
        Add("fixmap empty", "80", Map());
        Add("fixmap 1", "81a16101", Map((Str("a"), Int(1))));
        AddBytes("fixmap 15", Hex.Concat([0x8f], SmallPairs(15)), Map(SmallPairValues(15)));
        AddBytes("map 16 16", Hex.Concat(Hex.Bytes("de0010"), SmallPairs(16)), Map(SmallPairValues(16)));
        AddBytes("map 16 65535", Hex.Concat(Hex.Bytes("deffff"), SmallPairs(65535)), Map(SmallPairValues(65535)));
        AddBytes("map 32 65536", Hex.Concat(Hex.Bytes("df00010000"), SmallPairs(65536)), Map(SmallPairValues(65536)));
        Add("map 16 holding 1", "de000101c0", Map((Int(1), Nil)), false);
        Add("map 32 holding 0", "df00000000", Map(), false);

        // ext format family (type 5: an application type; -128: the lowest reserved type)
        Add("fixext 1", "d405aa", Ext(5, [0xaa]));
        Add("fixext 2", "d505aabb", Ext(5, [0xaa, 0xbb]));
        Add("fixext 4 (not a timestamp)", "d60501020304", Ext(5, [1, 2, 3, 4]));
        Add("fixext 8", "d7050102030405060708", Ext(5, [1, 2, 3, 4, 5, 6, 7, 8]));
        AddBytes("fixext 16", Hex.Concat(Hex.Bytes("d805"), Pattern(16)), Ext(5, Pattern(16)));
        Add("fixext 1 type -128", "d48000", Ext(-128, [0]));
        Add("ext 8 empty", "c70005", Ext(5, []));
        Add("ext 8 3", "c70305aabbcc", Ext(5, [0xaa, 0xbb, 0xcc]));
        AddBytes("ext 8 255", Hex.Concat(Hex.Bytes("c7ff05"), Pattern(255)), Ext(5, Pattern(255)));
        AddBytes("ext 16 256", Hex.Concat(Hex.Bytes("c8010005"), Pattern(256)), Ext(5, Pattern(256)));
        AddBytes("ext 16 65535", Hex.Concat(Hex.Bytes("c8ffff05"), Pattern(65535)), Ext(5, Pattern(65535)));
        AddBytes("ext 32 65536", Hex.Concat(Hex.Bytes("c90001000005"), Pattern(65536)), Ext(5, Pattern(65536)));
        Add("ext 8 holding 1", "c70105aa", Ext(5, [0xaa]), false);
        Add("ext 16 holding 16", "c8001005" + Hex.Of(Pattern(16)), Ext(5, Pattern(16)), false);

        // Timestamp extension type, each layout at its edges
        Add("timestamp 32 zero", "d6ff00000000", Ts(0, 0));
        Add("timestamp 32 2^32-1", "d6ffffffffff", Ts(uint.MaxValue, 0));
        Add("timestamp 64 1 ns", "d7ff" + Data64(0, 1), Ts(0, 1));
        Add("timestamp 64 2^32 s", "d7ff" + Data64(1L << 32, 0), Ts(1L << 32, 0));
        Add("timestamp 64 max", "d7ff" + Data64((1L << 34) - 1, 999_999_999), Ts((1L << 34) - 1, 999_999_999));
        Add("timestamp 96 -1 s", "c70cff" + Data96(-1, 0), Ts(-1, 0));
        Add("timestamp 96 -1 s +1 ns", "c70cff" + Data96(-1, 1), Ts(-1, 1));
        Add("timestamp 96 2^34 s", "c70cff" + Data96(1L << 34, 0), Ts(1L << 34, 0));
        Add("timestamp 96 min", "c70cff" + Data96(long.MinValue, 0), Ts(long.MinValue, 0));
        Add("timestamp 96 max", "c70cff" + Data96(long.MaxValue, 999_999_999), Ts(long.MaxValue, 999_999_999));
        Add("timestamp 96 holding 0", "c70cff" + Data96(0, 0), Ts(0, 0), false);
        Add("timestamp 64 holding 1 s", "d7ff" + Data64(1, 0), Ts(1, 0), false);

        // Nesting
        Add("nested", "93 01 92 02 81 a161 c0 a178", Arr(Int(1), Arr(Int(2), Map((Str("a"), Nil))), Str("x")));
        Add("map with non-str keys", "8301a1619101c0c0c3", Map((Int(1), Str("a")), (Arr(Int(1)), Nil), (Nil, Bool(true))));
        Add("deep 64", string.Concat(Enumerable.Repeat("91", 63)) + "90", Deep(64));
        return list;
    }

    private static MsgValue F32Bits(uint bits) => new MsgF32(bits);

    private static MsgValue F64Bits(ulong bits) => new MsgF64(bits);

    public static byte[] Pattern(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 31 + 7)).ToArray();

    private static byte[] Small(int count) => Enumerable.Range(0, count).Select(i => (byte)(i & 0x7f)).ToArray();

    private static MsgValue[] SmallValues(int count) => Enumerable.Range(0, count).Select(i => Int(i & 0x7f)).ToArray();

    private static byte[] SmallPairs(int count) => Enumerable.Range(0, count).SelectMany(i => new[] { (byte)(i & 0x7f), (byte)0xc0 }).ToArray();

    private static (MsgValue, MsgValue)[] SmallPairValues(int count) => Enumerable.Range(0, count).Select(i => (Int(i & 0x7f), Nil)).ToArray();

    private static string Data64(long seconds, uint nanoseconds)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, ((ulong)nanoseconds << 34) | (ulong)seconds);
        return Hex.Of(bytes);
    }

    private static string Data96(long seconds, uint nanoseconds)
    {
        var bytes = new byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, nanoseconds);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(4), seconds);
        return Hex.Of(bytes);
    }

    /// <summary>Arrays nested <paramref name="depth"/> deep, the innermost empty.</summary>
    public static MsgValue Deep(int depth)
    {
        MsgValue value = Arr();
        for (int i = 1; i < depth; i++)
        {
            value = Arr(value);
        }

        return value;
    }
}
