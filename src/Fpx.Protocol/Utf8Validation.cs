using System.Text;
using System.Text.Unicode;

namespace Fpx.Protocol;

/// <summary>
/// Strict UTF-8 checks for str payloads (spec "str format family": str holds UTF-8). .NET's
/// validator follows Unicode's well-formedness table (Unicode 15, table 3-7): overlong forms,
/// UTF-16 surrogates (U+D800..U+DFFF), code points above U+10FFFF and truncated sequences fail.
/// </summary>
internal static class Utf8Validation
{
    /// <summary>Index of the first byte that does not start a well-formed sequence, or -1.</summary>
    public static int IndexOfInvalid(ReadOnlySpan<byte> utf8)
    {
        if (Utf8.IsValid(utf8))
        {
            return -1;
        }

        // Slow path, only for bad input: find the byte to report.
        int index = 0;
        while (index < utf8.Length)
        {
            if (Rune.DecodeFromUtf8(utf8[index..], out _, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                return index;
            }

            index += consumed;
        }

        return -1;
    }

    /// <summary>A UTF-8 encoding that throws instead of substituting U+FFFD.</summary>
    public static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
