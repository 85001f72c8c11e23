namespace Fpx.Protocol;

/// <summary>The outcome of <see cref="MessagePackFrameScanner.TryScanValue"/>.</summary>
public readonly struct FrameScanResult
{
    private readonly MessagePackFrameScanner.ScanError _error;

    internal FrameScanResult(DecodeStatus status, long length, MessagePackFrameScanner.ScanError error)
    {
        Status = status;
        Length = length;
        _error = error;
    }

    /// <summary>Success, NeedMoreData or Malformed.</summary>
    public DecodeStatus Status { get; }

    /// <summary>On success, the length in bytes of the complete value; otherwise 0.</summary>
    public long Length { get; }

    /// <summary>
    /// When Malformed, why; when NeedMoreData, <see cref="MessagePackErrorKind.Truncated"/>
    /// (what the bytes so far would be, were no more to come).
    /// </summary>
    public MessagePackErrorKind ErrorKind => _error.Kind;

    /// <summary>
    /// When Malformed, offset of the offending header from the start of the buffer; when
    /// NeedMoreData, offset of the incomplete token.
    /// </summary>
    public long ErrorOffset => _error.Offset;

    /// <summary>A human-readable reason (allocates; for logs and error frames).</summary>
    public string ErrorMessage => Status == DecodeStatus.Success ? string.Empty : _error.Describe();

    /// <summary>The failure as an exception, e.g. to throw from a connection loop.</summary>
    /// <returns>An exception with <see cref="ErrorKind"/> and <see cref="ErrorOffset"/>.</returns>
    /// <exception cref="InvalidOperationException">The scan succeeded.</exception>
    public MessagePackException ToException()
    {
        if (Status == DecodeStatus.Success)
        {
            throw new InvalidOperationException("The scan succeeded.");
        }

        return new MessagePackException(_error.Kind, _error.Offset, _error.Describe());
    }
}
