using System.Diagnostics.CodeAnalysis;

namespace Fpx.Engine.Model;

/// <summary>
/// A model directory (config, safetensors files, shard index), FPX ladder or calibration file was
/// rejected. Carries a stable <see cref="Code"/>, the file, and the tensor when one is at fault;
/// the message names both.
/// </summary>
public sealed class ModelFormatException : Exception
{
    /// <summary>Creates the exception; the message is prefixed with the code, file and tensor.</summary>
    /// <param name="code">Why the input was rejected.</param>
    /// <param name="file">The file at fault (or directory), if any.</param>
    /// <param name="tensor">The tensor at fault, if any.</param>
    /// <param name="detail">What is wrong, in words.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public ModelFormatException(ModelErrorCode code, string? file, string? tensor, string detail, Exception? inner = null)
        : base(Compose(code, file, tensor, detail), inner)
    {
        Code = code;
        FilePath = file;
        TensorName = tensor;
        Detail = detail;
    }

    /// <summary>Why the input was rejected.</summary>
    public ModelErrorCode Code { get; }

    /// <summary>The stable snake_case name of <see cref="Code"/>.</summary>
    public string CodeName => Code.Name();

    /// <summary>The file (or directory) at fault, if known.</summary>
    public string? FilePath { get; }

    /// <summary>The tensor at fault, if any.</summary>
    public string? TensorName { get; }

    /// <summary>The problem, without the code, file and tensor prefix.</summary>
    public string Detail { get; }

    [DoesNotReturn]
    internal static void Throw(ModelErrorCode code, string? file, string? tensor, string detail) =>
        throw new ModelFormatException(code, file, tensor, detail);

    [DoesNotReturn]
    internal static T Throw<T>(ModelErrorCode code, string? file, string? tensor, string detail) =>
        throw new ModelFormatException(code, file, tensor, detail);

    private static string Compose(ModelErrorCode code, string? file, string? tensor, string detail)
    {
        string where = (file, tensor) switch
        {
            (not null, not null) => $" {file}, tensor '{tensor}'",
            (not null, null) => $" {file}",
            (null, not null) => $" tensor '{tensor}'",
            _ => "",
        };
        return $"{code.Name()}:{where}: {detail}";
    }
}
