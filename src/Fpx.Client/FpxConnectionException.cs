namespace Fpx.Client;

/// <summary>The connection to the host failed or could not be made; the call's outcome is unknown. Safe to retry a <c>decide</c> while budget remains.</summary>
public sealed class FpxConnectionException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public FpxConnectionException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
