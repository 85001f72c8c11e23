namespace Fpx.Policy.Profiles;

/// <summary>
/// A task profile was rejected. <see cref="Path"/> names the offending field the way the JSON
/// spells it (<c>utility.half_life_us</c>, <c>variants.fp8.quality</c>, <c>action_tokens[2]</c>);
/// the message starts with that path, e.g. <c>utility.half_life_us must be &gt; 0</c>.
/// The code is always <see cref="PolicyErrorCodes.BadProfile"/>.
/// </summary>
public sealed class ProfileValidationException : PolicyException
{
    /// <summary>Creates the exception for a field.</summary>
    /// <param name="path">The field path; empty for the document as a whole (the message then starts with "profile").</param>
    /// <param name="problem">What is wrong, phrased to follow the path ("must be &gt; 0").</param>
    /// <param name="innerException">The cause, if any (for example a JSON syntax error).</param>
    public ProfileValidationException(string path, string problem, Exception? innerException = null)
        : base(PolicyErrorCodes.BadProfile, Compose(path, problem), innerException)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The field path, empty when the problem is the document itself.</summary>
    public string Path { get; }

    /// <summary>The problem without the path.</summary>
    public string Problem { get; }

    /// <summary>The same problem seen from a parent object: <paramref name="prefix"/> is put in front of the path.</summary>
    /// <param name="prefix">The parent's path, e.g. <c>variants.fp8</c>.</param>
    /// <returns>A new exception with the longer path.</returns>
    public ProfileValidationException WithPrefix(string prefix) =>
        new(Join(prefix, Path), Problem, InnerException);

    internal static string Join(string prefix, string path) =>
        prefix.Length == 0 ? path
        : path.Length == 0 ? prefix
        : path[0] == '[' ? prefix + path
        : prefix + "." + path;

    private static string Compose(string path, string problem) =>
        (path.Length == 0 ? "profile" : path) + " " + problem;
}
