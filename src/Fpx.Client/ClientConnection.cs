using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using Fpx.Protocol;
using Fpx.Protocol.Rpc;

namespace Fpx.Client;

/// <summary>
/// One TCP connection to a host: requests are written whole under a lock into an outbound pipe
/// whose send loop runs inline on the writing thread; a receive loop cuts response frames and
/// completes the matching pending call by msgid (responses may come in any order).
/// </summary>
internal sealed partial class ClientConnection
{
    private const int MinimumRead = 4096;

    private readonly Socket _socket;
    private readonly Pipe _input;
    private readonly Pipe _output;
    private readonly Lock _writeLock = new();
    private readonly Lock _pendingLock = new();
    private readonly Dictionary<uint, PendingCall> _pending = [];
    private readonly List<(byte[] Utf8, string Value)> _strings = [];
    private readonly FpxClientOptions _options;
    private uint _nextId;
    private int _dead;
    private Task _receiving = Task.CompletedTask;

    private ClientConnection(Socket socket, FpxClientOptions options)
    {
        _socket = socket;
        _options = options;
        var pipeOptions = new PipeOptions(
            pauseWriterThreshold: 0,
            readerScheduler: PipeScheduler.Inline,
            writerScheduler: PipeScheduler.Inline,
            minimumSegmentSize: MinimumRead,
            useSynchronizationContext: false);
        _input = new Pipe(pipeOptions);
        _output = new Pipe(pipeOptions);
    }

    public MessagePackLimits Limits => _options.Limits;

    public bool IsDead => Volatile.Read(ref _dead) != 0;

    /// <summary>The message of the last <c>error</c> notification from the host, if any.</summary>
    public string? LastHostError { get; private set; }

    public static async Task<ClientConnection> ConnectAsync(FpxClientOptions options, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            socket.Dispose();
            throw new FpxConnectionException($"Cannot connect to {options.Host}:{options.Port}: {e.Message}", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var connection = new ClientConnection(socket, options);
        _ = connection.SendLoopAsync();
        connection._receiving = connection.ReceiveLoopAsync();
        return connection;
    }

    /// <summary>Registers a call under a fresh msgid; false when the connection is dead.</summary>
    public bool TryRegister(PendingCall call)
    {
        lock (_pendingLock)
        {
            if (IsDead)
            {
                return false;
            }

            uint id;
            do
            {
                id = unchecked(++_nextId);
            }
            while (_pending.ContainsKey(id));
            call.MessageId = id;
            call.Connection = this;
            _pending.Add(id, call);
            return true;
        }
    }

    /// <summary>Removes a call if it is still pending under that msgid; the caller then owns its completion.</summary>
    public bool TryRemove(uint id, PendingCall call)
    {
        lock (_pendingLock)
        {
            if (_pending.TryGetValue(id, out PendingCall? found) && ReferenceEquals(found, call))
            {
                _pending.Remove(id);
                return true;
            }

            return false;
        }
    }

    private PendingCall? Take(uint id)
    {
        lock (_pendingLock)
        {
            return _pending.Remove(id, out PendingCall? call) ? call : null;
        }
    }

    /// <summary>Calls waiting for a response now.</summary>
    public int PendingCount
    {
        get
        {
            lock (_pendingLock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Marks the connection dead, closes the socket and fails every pending call.</summary>
    public void Fail(string reason, Exception? cause = null)
    {
        if (Interlocked.Exchange(ref _dead, 1) != 0)
        {
            return;
        }

        _socket.Dispose();
        PendingCall[] calls;
        lock (_pendingLock)
        {
            calls = [.. _pending.Values];
            _pending.Clear();
        }

        string message = LastHostError is null ? reason : $"{reason} (host said: {LastHostError})";
        foreach (PendingCall call in calls)
        {
            call.Fail(new FpxConnectionException(message, cause));
        }
    }

    /// <summary>Reads an error response's code and message; known codes and repeated messages are interned (no allocation in steady state).</summary>
    public (string Code, string Message) ReadError(in RpcMessage response)
    {
        try
        {
            MessagePackReader r = new(response.Error, Limits);
            string code = RpcErrorCodes.Internal, message = string.Empty;
            if (r.PeekType() == MessagePackType.Map)
            {
                for (int n = r.ReadMapHeader(); n > 0; n--)
                {
                    ReadOnlySequence<byte> key = r.PeekType() == MessagePackType.String ? r.ReadStringSequence() : default;
                    if (r.PeekType() != MessagePackType.String)
                    {
                        r.Skip();
                        continue;
                    }

                    if (Equal(key, "code"u8))
                    {
                        code = Intern(r.ReadStringSequence());
                    }
                    else if (Equal(key, "message"u8))
                    {
                        message = Intern(r.ReadStringSequence());
                    }
                    else
                    {
                        r.Skip();
                    }
                }
            }

            return (code, message);
        }
        catch (MessagePackException e)
        {
            return (RpcErrorCodes.Internal, $"Malformed error from the host: {e.Message}");
        }
    }

    private static bool Equal(in ReadOnlySequence<byte> a, ReadOnlySpan<byte> b) =>
        a.Length == b.Length && (a.IsSingleSegment ? a.FirstSpan.SequenceEqual(b) : a.ToArray().AsSpan().SequenceEqual(b));

    /// <summary>
    /// A string for UTF-8 bytes, reused across responses (variant names, error codes and messages
    /// repeat). Receive loop only. Bounded: past 256 distinct strings, new ones are not kept.
    /// </summary>
    public string Intern(in ReadOnlySequence<byte> utf8)
    {
        if (utf8.Length > 256)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        Span<byte> bytes = stackalloc byte[(int)utf8.Length];
        utf8.CopyTo(bytes);
        IReadOnlyList<string> codes = RpcErrorCodes.All;
        for (int i = 0; i < codes.Count; i++) // an indexer, not foreach: no enumerator object
        {
            if (codes[i].Length == bytes.Length && Ascii.Equals(bytes, codes[i]))
            {
                return codes[i];
            }
        }

        foreach ((byte[] utf8Known, string known) in _strings)
        {
            if (bytes.SequenceEqual(utf8Known))
            {
                return known;
            }
        }

        string value = Encoding.UTF8.GetString(bytes);
        if (_strings.Count < 256)
        {
            _strings.Add((bytes.ToArray(), value));
        }

        return value;
    }
}
