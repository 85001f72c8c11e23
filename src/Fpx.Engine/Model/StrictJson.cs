using System.Text.Json;
using System.Text.Unicode;

namespace Fpx.Engine.Model;

/// <summary>
/// Parses untrusted JSON (headers, configs, indexes, ladders) into a document, or throws a
/// <see cref="ModelFormatException"/> with the caller's code. UTF-8 is validated first:
/// JsonDocument checks string contents only when they are read, which would otherwise surface
/// later as an InvalidOperationException (found by CorruptionFuzzTests).
/// </summary>
internal static class StrictJson
{
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8, ModelErrorCode code, string file)
    {
        if (!Utf8.IsValid(utf8.Span))
        {
            ModelFormatException.Throw(code, file, null, "not valid UTF-8 text");
        }
        try
        {
            return JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = ModelLimits.MaxJsonDepth });
        }
        catch (JsonException e)
        {
            throw new ModelFormatException(code, file, null, $"not well-formed JSON ({e.Message})", e);
        }
    }
}
