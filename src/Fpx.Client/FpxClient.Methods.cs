using Fpx.Protocol;
using Fpx.Protocol.Rpc;

namespace Fpx.Client;

/// <summary>A variant as <c>variants</c> describes it.</summary>
/// <param name="Name">Wire name.</param>
/// <param name="BitsPerWeight">Average bits per weight.</param>
/// <param name="ResidentBytes">Resident weight bytes.</param>
/// <param name="QualityRank">0 is best.</param>
/// <param name="P99Microseconds">The host's live p99 pass time.</param>
public sealed record VariantDescription(string Name, double BitsPerWeight, long ResidentBytes, int QualityRank, double P99Microseconds);

/// <summary>A task as <c>tasks</c> describes it.</summary>
/// <param name="Name">Task name.</param>
/// <param name="Actions">Allowed action token ids, in probability order.</param>
/// <param name="OnMiss"><c>degrade</c> or <c>reject</c>.</param>
public sealed record TaskDescription(string Name, IReadOnlyList<int> Actions, string OnMiss);

// The other methods: rare, so they allocate (a copy of the result, strings, lists). Server
// errors surface as RpcException with the host's code.
public sealed partial class FpxClient
{
    /// <summary>Opens a session (a KV cache on the host, owned by this connection).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The session id.</returns>
    public async Task<long> OpenSessionAsync(CancellationToken cancellationToken = default)
    {
        byte[] result = await CallAsync("session.open"u8.ToArray(), static (ref MessagePackWriter w) => w.WriteArrayHeader(0), cancellationToken).ConfigureAwait(false);
        return ReadMap(result).TryGetValue("session", out object? id) ? Convert.ToInt64(id) : throw new RpcException(RpcErrorCodes.Internal, "session.open returned no session");
    }

    /// <summary>Appends tokens to a session.</summary>
    /// <param name="session">The session id.</param>
    /// <param name="tokens">Tokens to append.</param>
    /// <param name="variant">Variant for the prefill, or null for the host's best.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The session's length afterwards.</returns>
    public async Task<int> AppendSessionAsync(long session, ReadOnlyMemory<int> tokens, string? variant = null, CancellationToken cancellationToken = default)
    {
        byte[] result = await CallAsync("session.append"u8.ToArray(), (ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(variant is null ? 2 : 3);
            w.Write(session);
            w.WriteArrayHeader(tokens.Length);
            foreach (int t in tokens.Span)
            {
                w.Write((long)t);
            }

            if (variant is not null)
            {
                w.WriteString(variant);
            }
        }, cancellationToken).ConfigureAwait(false);
        return Convert.ToInt32(ReadMap(result)["length"]);
    }

    /// <summary>Closes a session.</summary>
    /// <param name="session">The session id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>When closed.</returns>
    public async Task CloseSessionAsync(long session, CancellationToken cancellationToken = default) =>
        await CallAsync("session.close"u8.ToArray(), (ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(1);
            w.Write(session);
        }, cancellationToken).ConfigureAwait(false);

    /// <summary>The host's variants.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The variants.</returns>
    public async Task<IReadOnlyList<VariantDescription>> GetVariantsAsync(CancellationToken cancellationToken = default)
    {
        byte[] result = await CallAsync("variants"u8.ToArray(), static (ref MessagePackWriter w) => w.WriteArrayHeader(0), cancellationToken).ConfigureAwait(false);
        return [.. ((object?[])MessagePackValue.Read(result)!).Cast<Dictionary<string, object?>>().Select(m => new VariantDescription(
            (string)m["name"]!, Convert.ToDouble(m["bits_per_weight"]), Convert.ToInt64(m["resident_bytes"]), Convert.ToInt32(m["quality_rank"]), Convert.ToDouble(m["p99_us"])))];
    }

    /// <summary>The host's tasks.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The tasks.</returns>
    public async Task<IReadOnlyList<TaskDescription>> GetTasksAsync(CancellationToken cancellationToken = default)
    {
        byte[] result = await CallAsync("tasks"u8.ToArray(), static (ref MessagePackWriter w) => w.WriteArrayHeader(0), cancellationToken).ConfigureAwait(false);
        return [.. ((object?[])MessagePackValue.Read(result)!).Cast<Dictionary<string, object?>>().Select(m => new TaskDescription(
            (string)m["name"]!, [.. ((object?[])m["actions"]!).Select(Convert.ToInt32)], (string)m["on_miss"]!))];
    }

    /// <summary>The host's counters and latency estimates (keys as in docs/protocol.md).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A map of names to numbers or nested maps.</returns>
    public async Task<IReadOnlyDictionary<string, object?>> GetStatsAsync(CancellationToken cancellationToken = default) =>
        ReadMap(await CallAsync("stats"u8.ToArray(), static (ref MessagePackWriter w) => w.WriteArrayHeader(0), cancellationToken).ConfigureAwait(false));

    /// <summary>A task's profile JSON, or null when none was stored.</summary>
    /// <param name="task">The task.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The JSON text.</returns>
    public async Task<string?> GetProfileAsync(string task, CancellationToken cancellationToken = default) =>
        (string?)MessagePackValue.Read(await CallAsync("profile.get"u8.ToArray(), (ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(1);
            w.WriteString(task);
        }, cancellationToken).ConfigureAwait(false));

    /// <summary>Stores a task's profile JSON on the host.</summary>
    /// <param name="task">The task.</param>
    /// <param name="json">The profile.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>When stored.</returns>
    public async Task PutProfileAsync(string task, string json, CancellationToken cancellationToken = default) =>
        await CallAsync("profile.put"u8.ToArray(), (ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(2);
            w.WriteString(task);
            w.WriteString(json);
        }, cancellationToken).ConfigureAwait(false);

    /// <summary>Authenticates the current connection (done automatically on connect when <see cref="FpxClientOptions.Secret"/> is set).</summary>
    /// <param name="secret">The shared secret.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>When accepted.</returns>
    /// <exception cref="RpcException">Code <c>unauthorized</c>: wrong secret (the host then closes the connection).</exception>
    public async Task AuthAsync(byte[] secret, CancellationToken cancellationToken = default) =>
        await AuthOn(await GetConnectionAsync(cancellationToken).ConfigureAwait(false), secret, cancellationToken).ConfigureAwait(false);

    private Task AuthOn(ClientConnection connection, byte[] secret, CancellationToken cancellationToken) =>
        CallOn(connection, "auth"u8.ToArray(), (ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(1);
            w.WriteBinary(secret);
        }, cancellationToken).AsTask();

    /// <summary>Calls any method: <paramref name="writeParams"/> writes the params array; returns the result's encoded bytes.</summary>
    /// <param name="method">Method name in UTF-8.</param>
    /// <param name="writeParams">Writes the params array (header included).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The encoded result.</returns>
    public async Task<byte[]> CallAsync(byte[] method, ParamsWriter writeParams, CancellationToken cancellationToken = default)
    {
        ClientConnection connection = await GetConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await CallOn(connection, method, writeParams, cancellationToken).ConfigureAwait(false);
    }

    private ValueTask<byte[]> CallOn(ClientConnection connection, byte[] method, ParamsWriter writeParams, CancellationToken cancellationToken)
    {
        RawCall call = _rawCalls.Rent();
        call.RunContinuationsAsynchronously = true;
        ValueTask<byte[]> result = call.AsValueTask();
        if (!connection.TryRegister(call))
        {
            Abandon(call);
            return result;
        }

        call.RegisterCancellation(cancellationToken);
        if (connection.BeginWrite(out MessagePackWriter w))
        {
            w.WriteArrayHeader(4);
            w.Write(0UL);
            w.Write((ulong)call.MessageId);
            w.WriteString(method);
            writeParams(ref w);
            connection.EndWrite(ref w);
        }
        else if (connection.TryRemove(call.MessageId, call))
        {
            Abandon(call);
        }

        return result;
    }

    private static Dictionary<string, object?> ReadMap(byte[] encoded) =>
        MessagePackValue.Read(encoded) as Dictionary<string, object?> ?? throw new RpcException(RpcErrorCodes.Internal, "The host's result is not a map.");
}

/// <summary>Writes a request's params array (header included).</summary>
/// <param name="writer">The writer.</param>
public delegate void ParamsWriter(ref MessagePackWriter writer);
