namespace Fpx.Policy.Profiles;

/// <summary>
/// The rule for task and variant names: 1 to 64 of <c>a-z 0-9 . _ -</c>, starting with a letter
/// or digit. Task names become file names (<c>&lt;task&gt;.json</c>), so the rule keeps them safe
/// on every file system and clear of the store's temporary files (which start with a dot).
/// </summary>
public static class ProfileNames
{
    /// <summary>Longest name.</summary>
    public const int MaxLength = 64;

    /// <summary>Whether <paramref name="name"/> follows the rule.</summary>
    /// <param name="name">A task or variant name.</param>
    /// <returns>True when valid.</returns>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || !char.IsAsciiLetterOrDigit(name[0]))
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    internal const string Rule = "1 to 64 of a-z 0-9 . _ - starting with a letter or digit";

    internal static void Check(string path, string? name)
    {
        if (!IsValid(name))
        {
            ThrowHelper.ThrowProfile(path, "must be " + Rule);
        }
    }
}
