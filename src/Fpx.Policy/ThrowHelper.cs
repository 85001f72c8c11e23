using System.Diagnostics.CodeAnalysis;
using Fpx.Policy.Profiles;

namespace Fpx.Policy;

/// <summary>
/// Throw sites kept out of hot methods so that those stay small enough to inline
/// (the dotnet/runtime ThrowHelper pattern).
/// </summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowProfile(string path, string problem) =>
        throw new ProfileValidationException(path, problem);

    [DoesNotReturn]
    public static void ThrowUnknownTask(string task) =>
        throw new PolicyException(PolicyErrorCodes.UnknownTask, $"No profile for task '{task}'");

    [DoesNotReturn]
    public static void ThrowOutOfRange(string paramName, object? value, string problem) =>
        throw new ArgumentOutOfRangeException(paramName, value, problem);
}
