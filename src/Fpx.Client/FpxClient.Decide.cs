using Fpx.Protocol;
using Fpx.Protocol.Rpc;

namespace Fpx.Client;

// decide and ping: the allocation-free paths.
public sealed partial class FpxClient
{
    /// <inheritdoc />
    public ValueTask<Decision> DecideAsync(DecideRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request.Task);
        ClientConnection? connection = _connection;
        if (connection is null || connection.IsDead)
        {
            return DecideAfterConnectAsync(request, cancellationToken);
        }

        return Decide(connection, request, cancellationToken);
    }

    private async ValueTask<Decision> DecideAfterConnectAsync(DecideRequest request, CancellationToken cancellationToken)
    {
        ClientConnection connection = await GetConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await Decide(connection, request, cancellationToken).ConfigureAwait(false);
    }

    private ValueTask<Decision> Decide(ClientConnection connection, in DecideRequest request, CancellationToken cancellationToken)
    {
        DecideCall call = _decideCalls.Rent();
        call.Buffer = request.ProbabilityBuffer;
        call.RunContinuationsAsynchronously = Options.RunContinuationsAsynchronously;
        ValueTask<Decision> result = call.AsValueTask();
        if (!Send(connection, call, request, cancellationToken))
        {
            return ValueTask.FromException<Decision>(new FpxConnectionException("The connection to the host is closed."));
        }

        return result;
    }

    private static bool Send(ClientConnection connection, DecideCall call, in DecideRequest request, CancellationToken cancellationToken)
    {
        if (!connection.TryRegister(call))
        {
            return Abandon(call);
        }

        call.RegisterCancellation(cancellationToken);
        if (!connection.BeginWrite(out MessagePackWriter w))
        {
            return connection.TryRemove(call.MessageId, call) ? Abandon(call) : true;
        }

        RpcWriter.WriteRequestHeader(ref w, call.MessageId, "decide"u8, 1);
        int fields = 3 + (request.Session > 0 ? 1 : 0) + (request.Variant is null ? 0 : 1);
        w.WriteMapHeader(fields);
        w.WriteString("task"u8);
        w.WriteString(request.Task);
        w.WriteString("tokens"u8);
        ReadOnlySpan<int> tokens = request.Tokens.Span;
        w.WriteArrayHeader(tokens.Length);
        foreach (int token in tokens)
        {
            w.Write((long)token);
        }

        w.WriteString("budget_us"u8);
        w.Write(request.BudgetMicroseconds);
        if (request.Session > 0)
        {
            w.WriteString("session"u8);
            w.Write(request.Session);
        }

        if (request.Variant is not null)
        {
            w.WriteString("variant"u8);
            w.WriteString(request.Variant);
        }

        connection.EndWrite(ref w);
        return true;
    }

    /// <summary>Fails a call that was never sent, so its awaiter (already created) completes and returns it to the pool.</summary>
    private static bool Abandon(PendingCall call)
    {
        call.Fail(new FpxConnectionException("The connection to the host is closed."));
        return true;
    }

    /// <summary>Round trip to the host (<c>ping</c>).</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>When the host answered.</returns>
    public ValueTask PingAsync(CancellationToken cancellationToken = default)
    {
        ClientConnection? connection = _connection;
        if (connection is null || connection.IsDead)
        {
            return PingAfterConnectAsync(cancellationToken);
        }

        return Ping(connection, cancellationToken);
    }

    private async ValueTask PingAfterConnectAsync(CancellationToken cancellationToken)
    {
        ClientConnection connection = await GetConnectionAsync(cancellationToken).ConfigureAwait(false);
        await Ping(connection, cancellationToken).ConfigureAwait(false);
    }

    private ValueTask Ping(ClientConnection connection, CancellationToken cancellationToken)
    {
        PingCall call = _pingCalls.Rent();
        call.RunContinuationsAsynchronously = Options.RunContinuationsAsynchronously;
        var result = new ValueTask(call, call.Version);
        if (!connection.TryRegister(call))
        {
            Abandon(call);
            return result;
        }

        call.RegisterCancellation(cancellationToken);
        if (connection.BeginWrite(out MessagePackWriter w))
        {
            RpcWriter.WriteRequestHeader(ref w, call.MessageId, "ping"u8, 0);
            connection.EndWrite(ref w);
        }
        else if (connection.TryRemove(call.MessageId, call))
        {
            Abandon(call);
        }

        return result;
    }
}
