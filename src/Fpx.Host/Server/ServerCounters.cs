using Fpx.Protocol.Rpc;

namespace Fpx.Host.Server;

/// <summary>Monotonic counters of a server, updated with interlocked adds and read for <c>stats</c>.</summary>
public sealed class ServerCounters
{
    /// <summary>Connections accepted by the listener.</summary>
    public long Accepted;

    /// <summary>Connections refused (too many, or stopping).</summary>
    public long Refused;

    /// <summary>Connections closed for a protocol error.</summary>
    public long ProtocolErrors;

    /// <summary>Connections closed by a timeout (idle, auth, slow reader) or the outbound limit.</summary>
    public long TimedOut;

    /// <summary>Requests read (any method).</summary>
    public long Requests;

    /// <summary>Responses written (results and errors).</summary>
    public long Responses;

    /// <summary>Error responses written, per code, in the order of <see cref="RpcErrorCodes.All"/>.</summary>
    public readonly long[] Errors = new long[RpcErrorCodes.All.Count];

    /// <summary>Adds one to a counter.</summary>
    /// <param name="counter">A field of this object.</param>
    public void Increment(ref long counter) => Interlocked.Increment(ref counter);

    /// <summary>Counts an error response.</summary>
    /// <param name="code">One of <see cref="RpcErrorCodes"/>.</param>
    public void CountError(string code)
    {
        IReadOnlyList<string> all = RpcErrorCodes.All;
        for (int i = 0; i < all.Count; i++)
        {
            if (ReferenceEquals(all[i], code) || all[i] == code)
            {
                Interlocked.Increment(ref Errors[i]);
                return;
            }
        }
    }

    /// <summary>Error responses written with <paramref name="code"/>.</summary>
    /// <param name="code">One of <see cref="RpcErrorCodes"/>.</param>
    /// <returns>The count.</returns>
    public long ErrorCount(string code)
    {
        int i = RpcErrorCodes.All.ToList().IndexOf(code);
        return i < 0 ? 0 : Interlocked.Read(ref Errors[i]);
    }
}
