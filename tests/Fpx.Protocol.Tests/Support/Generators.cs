using FsCheck;
using FsCheck.Fluent;

namespace Fpx.Protocol.Tests.Support;

/// <summary>FsCheck generators for every MessagePack type, biased toward format boundaries.</summary>
public static class Generators
{
    private static readonly long[] IntEdges =
    [
        0, 1, 127, 128, 255, 256, 65535, 65536, uint.MaxValue, 1L << 32, long.MaxValue,
        -1, -32, -33, -128, -129, short.MinValue, short.MinValue - 1, int.MinValue, int.MinValue - 1L, long.MinValue,
    ];

    private static Gen<long> Int32Pair =>
        Gen.Choose(int.MinValue, int.MaxValue).Two().Select(t => ((long)t.Item1 << 32) | (uint)t.Item2);

    public static Gen<long> Int64 => Gen.OneOf(
        Gen.Choose(-300, 300).Select(i => (long)i),
        Gen.Elements(IntEdges),
        Gen.Elements(IntEdges).SelectMany(e => Gen.Choose(-2, 2).Select(d => unchecked(e + d))),
        Int32Pair,
        Int32Pair.SelectMany(v => Gen.Choose(0, 63).Select(shift => v >> shift)));

    public static Gen<ulong> UInt64 => Gen.OneOf(
        Int32Pair.Select(v => (ulong)v | (1UL << 63)),
        Gen.Elements(ulong.MaxValue, 1UL << 63, (1UL << 63) + 1));

    public static Gen<uint> Bits32 => Gen.Choose(int.MinValue, int.MaxValue).Select(i => unchecked((uint)i));

    public static Gen<float> Single => Gen.OneOf(
        Bits32.Select(BitConverter.UInt32BitsToSingle),
        Gen.Elements(0f, -0f, 1.5f, 0.1f, float.MaxValue, float.MinValue, float.Epsilon, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 16777217f));

    public static Gen<double> Double => Gen.OneOf(
        Int32Pair.Select(v => BitConverter.Int64BitsToDouble(v)),
        Gen.Choose(-1000000, 1000000).Select(i => i / 1000.0),
        Gen.Elements(0.0, -0.0, 0.1, 1e300, -1e-300, double.MaxValue, double.Epsilon, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 9007199254740993.0));

    /// <summary>Code points from every UTF-8 length class, never a surrogate.</summary>
    private static Gen<string> CodePoint => Gen.OneOf(
        Gen.Choose(0x20, 0x7e),
        Gen.Choose(0, 0x7f),
        Gen.Choose(0x80, 0x7ff),
        Gen.Choose(0x800, 0xd7ff),
        Gen.Choose(0xe000, 0xffff),
        Gen.Choose(0x10000, 0x10ffff)).Select(char.ConvertFromUtf32);

    public static Gen<string> Text => Gen.Frequency(
        (20, Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(CodePoint, n)).Select(string.Concat)),
        (2, Gen.Elements(31, 32, 255, 256).SelectMany(n => Gen.Choose(0x61, 0x7a).Select(c => new string((char)c, n)))),
        (1, Gen.Elements(65535, 65536).Select(n => new string('z', n))));

    public static Gen<byte[]> Bytes => Gen.Frequency(
        (20, Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n))),
        (2, Gen.Elements(255, 256).Select(Corpus.Pattern)),
        (1, Gen.Elements(65535, 65536).Select(Corpus.Pattern)));

    public static Gen<MsgValue> Ext => Gen.Choose(-128, 127).Where(t => t != -1)
        .SelectMany(t => Gen.OneOf(Gen.Elements(0, 1, 2, 3, 4, 8, 16, 17), Gen.Choose(0, 300))
            .Select(n => MsgValue.Ext((sbyte)t, Corpus.Pattern(n))));

    public static Gen<MsgValue> Timestamp => Gen.OneOf(Int64, Gen.Choose(0, int.MaxValue).Select(i => (long)i * 3))
        .SelectMany(s => Gen.OneOf(Gen.Constant(0), Gen.Choose(0, 999_999_999), Gen.Constant(999_999_999))
            .Select(ns => MsgValue.Ts(s, (uint)ns)));

    public static Gen<MsgValue> Scalar => Gen.OneOf(
        Gen.Constant(MsgValue.Nil),
        Gen.Elements(true, false).Select(MsgValue.Bool),
        Int64.Select(MsgValue.Int),
        UInt64.Select(MsgValue.UInt),
        Single.Select(MsgValue.F32),
        Double.Select(MsgValue.F64),
        Text.Select(MsgValue.Str),
        Bytes.Select(MsgValue.Bin),
        Ext,
        Timestamp);

    public static Gen<MsgValue> Tree(int depth) => depth == 0
        ? Scalar
        : Gen.Frequency(
            (5, Scalar),
            (1, Gen.Choose(0, 18).SelectMany(n => Gen.ArrayOf(Tree(depth - 1), n)).Select(items => MsgValue.Arr(items))),
            (1, Gen.Choose(0, 18).SelectMany(n => Gen.ArrayOf(Tree(depth - 1).Two(), n)).Select(pairs => MsgValue.Map(pairs.Select(p => (p.Item1, p.Item2)).ToArray()))),
            (1, Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(Text.Select(MsgValue.Str).Zip(Tree(depth - 1)), n)).Select(pairs => MsgValue.Map(pairs.Select(p => (p.Item1, p.Item2)).ToArray()))));

    public static Arbitrary<MsgValue> Values => Tree(4).ToArbitrary();

    /// <summary>Generated trees can hold several 64 KiB strings, more than the default 1 MiB frame.</summary>
    public static MessagePackLimits Roomy { get; } = new() { MaxFrameSize = 64 << 20 };

    public static Config Config(int tests) => FsCheck.Config.QuickThrowOnFailure.WithMaxTest(tests).WithQuietOnSuccess(true); // a passing run prints nothing
}
