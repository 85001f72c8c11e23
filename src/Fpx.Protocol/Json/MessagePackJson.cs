using System.Text.Encodings.Web;
using System.Text.Json;

namespace Fpx.Protocol.Json;

/// <summary>
/// Converts between MessagePack and JSON lines, for <c>fpx msgpack to-json</c> and
/// <c>fpx msgpack from-json</c>. The mapping is a contract (docs/protocol/messagepack.md, "JSON mapping"):
/// <list type="bullet">
/// <item>nil, bool, str: <c>null</c>, <c>true</c>/<c>false</c>, a JSON string.</item>
/// <item>int: a JSON integer, exact over the whole range -(2^63) .. 2^64-1.</item>
/// <item>float 64: a JSON number in shortest round-trip form that always has a '.' or an exponent
/// (<c>1.0</c>, <c>-0.0</c>, <c>1E+300</c>), so it reads back as a float; NaN and infinities as
/// <c>{"float64": "NaN" | "Infinity" | "-Infinity"}</c>.</item>
/// <item>float 32: <c>{"float32": x}</c> with x in shortest float 32 round-trip form (or one of the
/// three names), so that the width survives the round trip.</item>
/// <item>bin: <c>{"bin": "&lt;base64&gt;"}</c>; ext: <c>{"ext": type, "data": "&lt;base64&gt;"}</c>;
/// timestamp (ext -1): <c>{"timestamp": [seconds, nanoseconds]}</c>.</item>
/// <item>array: a JSON array.</item>
/// <item>map: a JSON object when every key is a str, the keys are distinct and the object could not
/// be mistaken for one of the tagged forms above; otherwise <c>{"map": [[key, value], ...]}</c>
/// (keys of any type, order and duplicates kept).</item>
/// </list>
/// Reading JSON, a number without fraction or exponent becomes the smallest int format (or an
/// error outside the int range: nothing is silently rounded); any other number becomes float 64;
/// an object with exactly the keys of a tagged form is that form. So
/// <c>to-json | from-json</c> gives back the same bytes for any input written in smallest
/// encodings (other input comes back in smallest encodings).
/// </summary>
public static partial class MessagePackJson
{
    /// <summary>Exit code for success.</summary>
    public const int ExitOk = 0;

    /// <summary>Exit code for malformed input.</summary>
    public const int ExitMalformed = 2;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Readable output (non-ASCII kept as is); the text is not embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        MaxDepth = 3 * MessagePackLimits.MaxDepthCeiling + 4,
    };

    private static string NonFiniteName(double value) =>
        double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
}
