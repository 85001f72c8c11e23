namespace Fpx.Policy.Profiles;

/// <summary>A profile file that could not be loaded.</summary>
/// <param name="FilePath">The file.</param>
/// <param name="Error">Why; its <see cref="ProfileValidationException.Path"/> names the field when one is to blame.</param>
public sealed record ProfileLoadError(string FilePath, ProfileValidationException Error)
{
    /// <inheritdoc/>
    public override string ToString() => FilePath + ": " + Error.Message;
}
