using System.Buffers;
using Fpx.Protocol;
using Fpx.Protocol.Rpc;

namespace Fpx.Host.Tests.Support;

/// <summary>Encodes test requests and decodes responses into plain values (long, double, string, bool, object?[], Dictionary).</summary>
public static class Msg
{
    public static byte[] Encode(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var w = new MessagePackWriter(buffer);
        Write(ref w, value);
        w.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Request(uint id, string method, params object?[] args) => Encode(new object?[] { 0, (long)id, method, args });

    public static byte[] Notification(string method, params object?[] args) => Encode(new object?[] { 2, method, args });

    public static Dictionary<string, object?> DecideParams(string task, int[] tokens, long budgetUs, long? session = null, string? variant = null)
    {
        var map = new Dictionary<string, object?> { ["task"] = task, ["tokens"] = tokens.Select(t => (object?)(long)t).ToArray(), ["budget_us"] = budgetUs };
        if (session is not null)
        {
            map["session"] = session.Value;
        }

        if (variant is not null)
        {
            map["variant"] = variant;
        }

        return map;
    }

    private static void Write(ref MessagePackWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNil(); break;
            case bool b: w.Write(b); break;
            case int i: w.Write((long)i); break;
            case long l: w.Write(l); break;
            case uint u: w.Write((ulong)u); break;
            case double d: w.Write(d); break;
            case float f: w.Write(f); break;
            case string s: w.WriteString(s); break;
            case byte[] bytes: w.WriteBinary(bytes); break;
            case int[] ints:
                w.WriteArrayHeader(ints.Length);
                foreach (int x in ints) w.Write((long)x);
                break;
            case object?[] items:
                w.WriteArrayHeader(items.Length);
                foreach (object? item in items) Write(ref w, item);
                break;
            case Dictionary<string, object?> map:
                w.WriteMapHeader(map.Count);
                foreach ((string k, object? v) in map)
                {
                    w.WriteString(k);
                    Write(ref w, v);
                }

                break;
            default: throw new ArgumentException($"Cannot encode {value.GetType()}");
        }
    }

    public static object? Decode(ReadOnlySequence<byte> bytes)
    {
        var r = new MessagePackReader(bytes);
        return Read(ref r);
    }

    public static object? Read(ref MessagePackReader r)
    {
        switch (r.PeekType())
        {
            case MessagePackType.Nil: r.ReadNil(); return null;
            case MessagePackType.Boolean: return r.ReadBoolean();
            case MessagePackType.Integer: return r.ReadInt64();
            case MessagePackType.Float: return r.ReadDouble();
            case MessagePackType.String: return r.ReadString();
            case MessagePackType.Binary: return r.ReadBinary().ToArray();
            case MessagePackType.Array:
                var items = new object?[r.ReadArrayHeader()];
                for (int i = 0; i < items.Length; i++) items[i] = Read(ref r);
                return items;
            case MessagePackType.Map:
                var map = new Dictionary<string, object?>();
                for (int n = r.ReadMapHeader(); n > 0; n--)
                {
                    string key = Read(ref r)!.ToString()!;
                    map[key] = Read(ref r);
                }

                return map;
            default: r.Skip(); return null;
        }
    }
}

/// <summary>A decoded frame from the host.</summary>
public sealed record Frame(int Type, uint MessageId, Dictionary<string, object?>? Error, object? Result, string? Method = null)
{
    public string? ErrorCode => Error?["code"] as string;

    public Dictionary<string, object?> Map => Result as Dictionary<string, object?> ?? throw new InvalidOperationException($"Result is {Result ?? "nil"} (error {ErrorCode}: {Error?["message"]})");

    public static Frame From(object? decoded)
    {
        var a = (object?[])decoded!;
        return (long)a[0]! switch
        {
            1 => new Frame(1, (uint)(long)a[1]!, a[2] as Dictionary<string, object?>, a[3]),
            2 => new Frame(2, 0, ((object?[])a[2]!).FirstOrDefault() as Dictionary<string, object?>, null, (string)a[1]!),
            _ => throw new InvalidOperationException("not a response"),
        };
    }
}
