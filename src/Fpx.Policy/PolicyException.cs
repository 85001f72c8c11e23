namespace Fpx.Policy;

/// <summary>
/// A policy failure the host reports to a caller. <see cref="Code"/> is one of
/// <see cref="PolicyErrorCodes"/>; the message is for people, the code is for programs.
/// </summary>
public class PolicyException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">A stable code from <see cref="PolicyErrorCodes"/>.</param>
    /// <param name="message">What went wrong, for logs and error responses.</param>
    /// <param name="innerException">The cause, if any.</param>
    public PolicyException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        Code = code;
    }

    /// <summary>The stable error code.</summary>
    public string Code { get; }
}
