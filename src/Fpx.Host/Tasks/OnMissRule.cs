namespace Fpx.Host.Tasks;

/// <summary>What to do when no variant is predicted to meet a request's deadline.</summary>
public enum OnMissRule
{
    /// <summary>Serve the fastest variant anyway (best effort; the response says whether the deadline was met).</summary>
    Degrade,
    /// <summary>Answer <c>deadline_unreachable</c> at once, without queueing.</summary>
    Reject,
}
