namespace Fpx.Client;

/// <summary>
/// A pipelined MessagePack-RPC client for an Fpx host (docs/protocol.md): many calls in flight on
/// one connection, matched by msgid, cancellable (the host gets a <c>cancel</c> notification),
/// reconnecting on the next call after a failure (and authenticating again when a secret is set).
/// <see cref="DecideAsync"/> and <see cref="PingAsync"/> allocate nothing in steady state when
/// the request carries a <see cref="DecideRequest.ProbabilityBuffer"/>.
/// </summary>
public sealed partial class FpxClient : IDecider, IAsyncDisposable
{
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private readonly CallPool<DecideCall> _decideCalls = new(1024, static pool => new DecideCall(pool));
    private readonly CallPool<PingCall> _pingCalls = new(64, static pool => new PingCall(pool));
    private readonly CallPool<RawCall> _rawCalls = new(64, static pool => new RawCall(pool));
    private volatile ClientConnection? _connection;
    private bool _disposed;

    /// <summary>Creates a client; it connects on <see cref="ConnectAsync(CancellationToken)"/> or on the first call.</summary>
    /// <param name="options">Settings.</param>
    public FpxClient(FpxClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    /// <summary>The settings.</summary>
    public FpxClientOptions Options { get; }

    /// <summary>True while a live connection exists.</summary>
    public bool IsConnected => _connection is { IsDead: false };

    /// <summary>Number of (re)connections made.</summary>
    public int Connections { get; private set; }

    /// <summary>Calls waiting for a response.</summary>
    public int PendingCalls => _connection?.PendingCount ?? 0;

    /// <summary>The message of the host's last <c>error</c> notification (sent before it closes a connection), if any.</summary>
    public string? LastHostError => _connection?.LastHostError;

    /// <summary>Creates a client and connects it.</summary>
    /// <param name="options">Settings.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>The connected client.</returns>
    /// <exception cref="FpxConnectionException">The host cannot be reached (or rejected the secret).</exception>
    public static async Task<FpxClient> ConnectAsync(FpxClientOptions options, CancellationToken cancellationToken = default)
    {
        var client = new FpxClient(options);
        await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
        return client;
    }

    /// <summary>Connects (or reconnects after a failure); does nothing when connected.</summary>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>When connected.</returns>
    public async Task ConnectAsync(CancellationToken cancellationToken = default) =>
        await GetConnectionAsync(cancellationToken).ConfigureAwait(false);

    private async ValueTask<ClientConnection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        ClientConnection? current = _connection;
        if (current is { IsDead: false })
        {
            return current;
        }

        await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            current = _connection;
            if (current is { IsDead: false })
            {
                return current;
            }

            ClientConnection connection = await ClientConnection.ConnectAsync(Options, cancellationToken).ConfigureAwait(false);
            if (Options.Secret is { } secret)
            {
                try
                {
                    await AuthOn(connection, secret, cancellationToken).ConfigureAwait(false);
                }
                catch (Protocol.Rpc.RpcException e)
                {
                    connection.Fail("auth failed");
                    throw new FpxConnectionException($"The host refused the secret: {e.Message}", e);
                }
            }

            _connection = connection;
            Connections++;
            return connection;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    /// <summary>Closes the connection; pending calls fail with <see cref="FpxConnectionException"/>.</summary>
    /// <returns>When closed.</returns>
    public async ValueTask DisposeAsync()
    {
        await _connectLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            if (_connection is { } connection)
            {
                await connection.CloseAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _connectLock.Release();
        }
    }
}
