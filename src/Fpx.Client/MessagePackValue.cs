using Fpx.Protocol;

namespace Fpx.Client;

/// <summary>Decodes MessagePack into plain .NET values (for the rare, untyped results: stats, variants).</summary>
internal static class MessagePackValue
{
    /// <summary>nil → null, bool, int → long (ulong above long.MaxValue), float → double, str → string, bin → byte[], array → object?[], map with str keys → Dictionary.</summary>
    public static object? Read(byte[] encoded)
    {
        var reader = new MessagePackReader(encoded);
        return Read(ref reader, 0);
    }

    private static object? Read(ref MessagePackReader r, int depth)
    {
        if (depth > 32)
        {
            throw new MessagePackException(MessagePackErrorKind.DepthExceeded, r.Consumed, "Result nested too deeply.");
        }

        switch (r.PeekType())
        {
            case MessagePackType.Nil:
                r.ReadNil();
                return null;
            case MessagePackType.Boolean:
                return r.ReadBoolean();
            case MessagePackType.Integer:
                return r.PeekCode() == 0xcf /* uint 64 */ ? r.ReadUInt64() : r.ReadInt64();
            case MessagePackType.Float:
                return r.ReadDouble();
            case MessagePackType.String:
                return r.ReadString();
            case MessagePackType.Binary:
                return System.Buffers.BuffersExtensions.ToArray(r.ReadBinary());
            case MessagePackType.Array:
                var items = new object?[r.ReadArrayHeader()];
                for (int i = 0; i < items.Length; i++)
                {
                    items[i] = Read(ref r, depth + 1);
                }

                return items;
            case MessagePackType.Map:
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                for (int n = r.ReadMapHeader(); n > 0; n--)
                {
                    string key = Read(ref r, depth + 1)?.ToString() ?? string.Empty;
                    map[key] = Read(ref r, depth + 1);
                }

                return map;
            default:
                r.Skip();
                return null;
        }
    }
}
