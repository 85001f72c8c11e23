namespace Fpx.Policy.Profiles;

/// <summary>What <see cref="ProfileStore.Open"/> does with a profile file it cannot use.</summary>
public enum ProfileLoadMode
{
    /// <summary>
    /// Skip the file and report it in <see cref="ProfileStore.LoadErrors"/> (the default): one bad
    /// edit takes one task offline (its requests get <c>unknown_task</c>), not the whole service.
    /// </summary>
    SkipInvalid,

    /// <summary>Fail the whole load with <see cref="PolicyErrorCodes.BadProfile"/>, listing every bad file.</summary>
    FailOnInvalid,
}
