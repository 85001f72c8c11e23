using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Fpx.Protocol.Tests.Support;

/// <summary>
/// Writes the typed description that tests/interop/*/peer.* check decoded values against and
/// build values from (format documented in tests/interop/python/peer.py).
/// </summary>
public static class InteropSpec
{
    public static void Write(string path, IEnumerable<MsgValue> values)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = false, MaxDepth = 1000 }))
        {
            json.WriteStartArray();
            foreach (MsgValue value in values)
            {
                WriteValue(json, value);
            }

            json.WriteEndArray();
        }

        File.WriteAllBytes(path, buffer.WrittenSpan.ToArray());
    }

    private static void WriteValue(Utf8JsonWriter json, MsgValue value)
    {
        json.WriteStartArray();
        switch (value)
        {
            case MsgNil:
                json.WriteStringValue("nil");
                break;
            case MsgBool b:
                json.WriteStringValue("bool");
                json.WriteBooleanValue(b.Value);
                break;
            case MsgInt i:
                json.WriteStringValue("int");
                json.WriteStringValue(i.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case MsgF32 f:
                json.WriteStringValue("f32");
                json.WriteStringValue(f.Bits.ToString("x8", CultureInfo.InvariantCulture));
                break;
            case MsgF64 d:
                json.WriteStringValue("f64");
                json.WriteStringValue(d.Bits.ToString("x16", CultureInfo.InvariantCulture));
                break;
            case MsgStr s:
                json.WriteStringValue("str");
                json.WriteStringValue(s.Value);
                break;
            case MsgBin b:
                json.WriteStringValue("bin");
                json.WriteStringValue(Hex.Of(b.Value));
                break;
            case MsgExt e:
                json.WriteStringValue("ext");
                json.WriteNumberValue(e.Type);
                json.WriteStringValue(Hex.Of(e.Data));
                break;
            case MsgTs t:
                json.WriteStringValue("ts");
                json.WriteStringValue(t.Seconds.ToString(CultureInfo.InvariantCulture));
                json.WriteNumberValue(t.Nanoseconds);
                break;
            case MsgArray a:
                json.WriteStringValue("arr");
                json.WriteStartArray();
                foreach (MsgValue item in a.Items)
                {
                    WriteValue(json, item);
                }

                json.WriteEndArray();
                break;
            case MsgMap m:
                json.WriteStringValue("map");
                json.WriteStartArray();
                foreach ((MsgValue k, MsgValue v) in m.Pairs)
                {
                    json.WriteStartArray();
                    WriteValue(json, k);
                    WriteValue(json, v);
                    json.WriteEndArray();
                }

                json.WriteEndArray();
                break;
        }

        json.WriteEndArray();
    }
}
