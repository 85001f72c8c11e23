namespace Fpx.Protocol.Rpc;

/// <summary>
/// The stable <c>code</c> values of error responses (<c>{"code": ..., "message": ...}</c>, see
/// docs/DESIGN.md "Wire protocol"). Clients branch on these; never rename one.
/// </summary>
public static class RpcErrorCodes
{
    /// <summary>The request is not a valid MessagePack-RPC request, or its params are wrong.</summary>
    public const string BadRequest = "bad_request";

    /// <summary>No method by that name.</summary>
    public const string UnknownMethod = "unknown_method";

    /// <summary>The task named in the request has no profile.</summary>
    public const string UnknownTask = "unknown_task";

    /// <summary>No variant can answer within the budget, and the task's profile says reject.</summary>
    public const string DeadlineUnreachable = "deadline_unreachable";

    /// <summary>The deadline passed while the request waited.</summary>
    public const string Expired = "expired";

    /// <summary>The server sheds load: queue full or similar.</summary>
    public const string Overloaded = "overloaded";

    /// <summary>A server fault; the message is for logs, not for branching.</summary>
    public const string Internal = "internal";

    /// <summary>The caller may not do this.</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>The request was cancelled (by the caller or by shutdown) before it completed.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Every code above.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        BadRequest, UnknownMethod, UnknownTask, DeadlineUnreachable, Expired, Overloaded, Internal, Unauthorized, Cancelled,
    ];

    /// <summary>True when <paramref name="code"/> is one of the codes above.</summary>
    /// <param name="code">A code.</param>
    /// <returns>Whether it is known.</returns>
    public static bool IsKnown(string? code) => code is not null && All.Contains(code);
}
