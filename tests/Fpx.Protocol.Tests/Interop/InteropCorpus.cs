using FsCheck;
using FsCheck.Fluent;
using Fpx.Protocol.Tests.Support;
using static Fpx.Protocol.Tests.Support.MsgValue;

namespace Fpx.Protocol.Tests.Interop;

/// <summary>
/// What Fpx and the peers exchange: three RPC frames, every boundary value of the spec corpus,
/// and seeded random trees. Also what each peer can express, and how its re-encoding is
/// expected to differ (a peer limitation, written down, not a tolerance for Fpx bugs).
/// </summary>
internal static class InteropCorpus
{
    public static IReadOnlyList<MsgValue> Values { get; } = Build();

    private static List<MsgValue> Build()
    {
        var values = new List<MsgValue>
        {
            Arr(Int(0), Int(7), Str("decide"), Arr(Map((Str("budget_us"), Int(2500)), (Str("task"), Str("trading")), (Str("obs"), Bin(Corpus.Pattern(32)))))),
            Arr(Int(1), UInt(uint.MaxValue), Map((Str("code"), Str("expired")), (Str("message"), Str("deadline passed in queue"))), Nil),
            Arr(Int(2), Str("cancel"), Arr(Int(7))),
        };
        values.AddRange(Corpus.All.Select(e => e.Value));
        values.AddRange(Gen.Sample(Generators.Tree(3), 20, new Rnd(20261122UL), 150).Select(QuietNaN));
        return values;
    }

    /// <summary>
    /// Random bit patterns include signalling NaNs, which C, Python and JavaScript quiet when a
    /// float 32 is widened to the double they compute with; give them the quiet bit up front.
    /// </summary>
    private static MsgValue QuietNaN(MsgValue value) => value switch
    {
        MsgF32 f when float.IsNaN(f.Value) => new MsgF32(f.Bits | 0x0040_0000),
        MsgF64 d when double.IsNaN(d.Value) => new MsgF64(d.Bits | 0x0008_0000_0000_0000),
        MsgArray a => new MsgArray(a.Items.Select(QuietNaN).ToArray()),
        MsgMap m => new MsgMap(m.Pairs.Select(p => (QuietNaN(p.Key), QuietNaN(p.Value))).ToArray()),
        _ => value,
    };

    /// <summary>Python's ExtType takes application types 0..127 only (-1 is its Timestamp); reserved types -128..-2 cannot be decoded or packed.</summary>
    public static bool PythonCanExpress(MsgValue value) => value switch
    {
        MsgExt e => e.Type >= 0,
        MsgArray a => a.Items.All(PythonCanExpress),
        MsgMap m => m.Pairs.All(p => PythonCanExpress(p.Key) && PythonCanExpress(p.Value)),
        _ => true,
    };

    /// <summary>Python decodes float 32 to its (double) float and packs it back as float 64.</summary>
    public static MsgValue PythonView(MsgValue value) => value switch
    {
        MsgF32 f => F64(f.Value),
        MsgArray a => new MsgArray(a.Items.Select(PythonView).ToArray()),
        MsgMap m => new MsgMap(m.Pairs.Select(p => (PythonView(p.Key), PythonView(p.Value))).ToArray()),
        _ => value,
    };

    /// <summary>
    /// What a JavaScript object graph can hold: maps keyed by distinct strings (a JS object;
    /// "__proto__" is refused by the decoder), timestamps whose seconds a double holds exactly.
    /// </summary>
    public static bool JavaScriptCanExpress(MsgValue value) => value switch
    {
        MsgTs t => t.Seconds >= -(1L << 53) && t.Seconds <= 1L << 53,
        MsgArray a => a.Items.All(JavaScriptCanExpress),
        MsgMap m => m.Pairs.All(p => p.Key is MsgStr { Value: not "__proto__" })
            && m.Pairs.Select(p => ((MsgStr)p.Key).Value).Distinct(StringComparer.Ordinal).Count() == m.Pairs.Count
            && m.Pairs.All(p => JavaScriptCanExpress(p.Value)),
        _ => true,
    };

    /// <summary>
    /// JavaScript has one number type: @msgpack/msgpack decodes float 32 and float 64 to a double
    /// and encodes a double that is a safe integer in [-2^31, 2^32) as an int (so -0.0 becomes 0),
    /// any other double as float 64. A JS object orders integer-like keys first, so maps compare
    /// sorted by key. NaN compares as NaN.
    /// </summary>
    public static MsgValue JavaScriptView(MsgValue value) => value switch
    {
        MsgF32 f => JavaScriptNumber(f.Value),
        MsgF64 d => JavaScriptNumber(d.Value),
        MsgArray a => new MsgArray(a.Items.Select(JavaScriptView).ToArray()),
        MsgMap m => new MsgMap(m.Pairs.OrderBy(p => ((MsgStr)p.Key).Value, StringComparer.Ordinal)
            .Select(p => (p.Key, JavaScriptView(p.Value))).ToArray()),
        _ => value,
    };

    private static MsgValue JavaScriptNumber(double value)
    {
        if (double.IsNaN(value))
        {
            return F64(BitConverter.UInt64BitsToDouble(0x7ff8_0000_0000_0000));
        }

        return value == Math.Floor(value) && value >= int.MinValue && value <= uint.MaxValue ? Int((long)value) : F64(value);
    }

    /// <summary>Fails with the first differing byte and the value it belongs to.</summary>
    public static void AssertSameBytes(IReadOnlyList<MsgValue> values, byte[] expected, byte[] actual, string who)
    {
        int n = Math.Min(expected.Length, actual.Length);
        int at = 0;
        while (at < n && expected[at] == actual[at])
        {
            at++;
        }

        if (at == expected.Length && at == actual.Length)
        {
            return;
        }

        long offset = 0;
        int index = 0;
        for (; index < values.Count; index++)
        {
            long length = MsgCodec.Encode(values[index]).Length;
            if (offset + length > at)
            {
                break;
            }

            offset += length;
        }

        Assert.Fail($"{who}: bytes differ at offset {at} (value {index}: {(index < values.Count ? values[index] : "past the end")}); " +
            $"expected {Hex.Of(expected.AsSpan(at, Math.Min(16, expected.Length - at)))}, got {Hex.Of(actual.AsSpan(at, Math.Min(16, actual.Length - at)))}");
    }
}
