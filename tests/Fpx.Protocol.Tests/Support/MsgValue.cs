using System.Globalization;
using System.Text;

namespace Fpx.Protocol.Tests.Support;

/// <summary>
/// A test-only model of one MessagePack value, precise enough to tell every type and width the
/// spec distinguishes on the wire (float 32 vs float 64, timestamp vs other ext), compared
/// structurally, bits for floats.
/// </summary>
public abstract class MsgValue : IEquatable<MsgValue>
{
    public abstract bool Equals(MsgValue? other);

    public override bool Equals(object? obj) => obj is MsgValue other && Equals(other);

    public override int GetHashCode() => (ToString() ?? string.Empty).GetHashCode(StringComparison.Ordinal);

    public static MsgValue Nil { get; } = new MsgNil();

    public static MsgValue Bool(bool value) => new MsgBool(value);

    public static MsgValue Int(long value) => new MsgInt(value < 0, (ulong)value);

    public static MsgValue UInt(ulong value) => new MsgInt(false, value);

    public static MsgValue F32(float value) => new MsgF32(BitConverter.SingleToUInt32Bits(value));

    public static MsgValue F64(double value) => new MsgF64(BitConverter.DoubleToUInt64Bits(value));

    public static MsgValue Str(string value) => new MsgStr(value);

    public static MsgValue Bin(byte[] value) => new MsgBin(value);

    public static MsgValue Ext(sbyte type, byte[] data) => new MsgExt(type, data);

    public static MsgValue Ts(long seconds, uint nanoseconds) => new MsgTs(seconds, nanoseconds);

    public static MsgValue Arr(params MsgValue[] items) => new MsgArray(items);

    public static MsgValue Map(params (MsgValue Key, MsgValue Value)[] pairs) => new MsgMap(pairs);
}

public sealed class MsgNil : MsgValue
{
    public override bool Equals(MsgValue? other) => other is MsgNil;

    public override string ToString() => "nil";
}

public sealed class MsgBool(bool value) : MsgValue
{
    public bool Value { get; } = value;

    public override bool Equals(MsgValue? other) => other is MsgBool b && b.Value == Value;

    public override string ToString() => Value ? "true" : "false";
}

public sealed class MsgInt(bool negative, ulong bits) : MsgValue
{
    public bool Negative { get; } = negative;

    public ulong Bits { get; } = bits;

    public System.Numerics.BigInteger Value => Negative ? (long)Bits : Bits;

    public override bool Equals(MsgValue? other) => other is MsgInt i && i.Negative == Negative && i.Bits == Bits;

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

public sealed class MsgF32(uint bits) : MsgValue
{
    public uint Bits { get; } = bits;

    public float Value => BitConverter.UInt32BitsToSingle(Bits);

    public override bool Equals(MsgValue? other) => other is MsgF32 f && f.Bits == Bits;

    public override string ToString() => $"f32({Value.ToString("R", CultureInfo.InvariantCulture)})";
}

public sealed class MsgF64(ulong bits) : MsgValue
{
    public ulong Bits { get; } = bits;

    public double Value => BitConverter.UInt64BitsToDouble(Bits);

    public override bool Equals(MsgValue? other) => other is MsgF64 f && f.Bits == Bits;

    public override string ToString() => $"f64({Value.ToString("R", CultureInfo.InvariantCulture)})";
}

public sealed class MsgStr(string value) : MsgValue
{
    public string Value { get; } = value;

    public override bool Equals(MsgValue? other) => other is MsgStr s && s.Value == Value;

    public override string ToString() => Value.Length <= 40 ? $"\"{Value}\"" : $"str[{Encoding.UTF8.GetByteCount(Value)} bytes]";
}

public sealed class MsgBin(byte[] value) : MsgValue
{
    public byte[] Value { get; } = value;

    public override bool Equals(MsgValue? other) => other is MsgBin b && b.Value.AsSpan().SequenceEqual(Value);

    public override string ToString() => $"bin[{Value.Length}]";
}

public sealed class MsgExt(sbyte type, byte[] data) : MsgValue
{
    public sbyte Type { get; } = type;

    public byte[] Data { get; } = data;

    public override bool Equals(MsgValue? other) => other is MsgExt e && e.Type == Type && e.Data.AsSpan().SequenceEqual(Data);

    public override string ToString() => $"ext({Type}, {Data.Length} bytes)";
}

public sealed class MsgTs(long seconds, uint nanoseconds) : MsgValue
{
    public long Seconds { get; } = seconds;

    public uint Nanoseconds { get; } = nanoseconds;

    public override bool Equals(MsgValue? other) => other is MsgTs t && t.Seconds == Seconds && t.Nanoseconds == Nanoseconds;

    public override string ToString() => $"ts({Seconds}, {Nanoseconds})";
}

public sealed class MsgArray(IReadOnlyList<MsgValue> items) : MsgValue
{
    public IReadOnlyList<MsgValue> Items { get; } = items;

    public override bool Equals(MsgValue? other) => other is MsgArray a && a.Items.SequenceEqual(Items);

    public override string ToString() => Items.Count <= 8 ? $"[{string.Join(", ", Items)}]" : $"array[{Items.Count}]";
}

public sealed class MsgMap(IReadOnlyList<(MsgValue Key, MsgValue Value)> pairs) : MsgValue
{
    public IReadOnlyList<(MsgValue Key, MsgValue Value)> Pairs { get; } = pairs;

    public override bool Equals(MsgValue? other) =>
        other is MsgMap m && m.Pairs.Count == Pairs.Count
        && m.Pairs.Zip(Pairs).All(p => p.First.Key.Equals(p.Second.Key) && p.First.Value.Equals(p.Second.Value));

    public override string ToString() =>
        Pairs.Count <= 8 ? "{" + string.Join(", ", Pairs.Select(p => $"{p.Key}: {p.Value}")) + "}" : $"map[{Pairs.Count}]";
}
