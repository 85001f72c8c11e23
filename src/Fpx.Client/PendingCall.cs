using System.Threading.Tasks.Sources;
using Fpx.Protocol.Rpc;

namespace Fpx.Client;

/// <summary>
/// A request waiting for its response. Pooled: the awaiter's <c>GetResult</c> returns it to its
/// pool, so a steady stream of calls allocates nothing. Exactly one party completes a call: the
/// one that removes it from its connection's pending table (the receive loop, the cancellation
/// callback, or a connection failure).
/// </summary>
internal abstract class PendingCall
{
    private CancellationTokenRegistration _registration;
    private CancellationToken _token;

    public uint MessageId;
    public ClientConnection? Connection;
    public long SentAt;

    /// <summary>Completes the call from its response (receive loop).</summary>
    public abstract void Complete(in RpcMessage response);

    /// <summary>Completes the call with an exception.</summary>
    public abstract void Fail(Exception exception);

    /// <summary>Arms cancellation: when <paramref name="token"/> fires, the call is failed and the host told with a <c>cancel</c> notification.</summary>
    public void RegisterCancellation(CancellationToken token)
    {
        _token = token;
        if (token.CanBeCanceled)
        {
            _registration = token.UnsafeRegister(static state => ((PendingCall)state!).OnCancel(), this);
        }
    }

    private void OnCancel()
    {
        ClientConnection? connection = Connection;
        if (connection is not null && connection.TryRemove(MessageId, this))
        {
            connection.SendCancel(MessageId);
            Fail(new OperationCanceledException(_token));
        }
    }

    /// <summary>Disarms cancellation (waits for a callback already running on another thread, so the call can be reused safely).</summary>
    protected void ResetBase()
    {
        _registration.Dispose();
        _registration = default;
        _token = default;
        Connection = null;
        MessageId = 0;
        SentAt = 0;
    }
}

/// <summary>A pending call whose awaiter gets a <typeparamref name="T"/>.</summary>
internal abstract class PendingCall<T> : PendingCall, IValueTaskSource<T>
{
    private ManualResetValueTaskSourceCore<T> _core;

    public short Version => _core.Version;

    public bool RunContinuationsAsynchronously
    {
        set => _core.RunContinuationsAsynchronously = value;
    }

    public ValueTask<T> AsValueTask() => new(this, _core.Version);

    protected void SetResult(T result) => _core.SetResult(result);

    public override void Fail(Exception exception) => _core.SetException(exception);

    public T GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            ResetBase();
            _core.Reset();
            Return();
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    /// <summary>Clears request state and returns the call to its pool.</summary>
    protected abstract void Return();
}

/// <summary>A small lock-protected pool of calls (a few nanoseconds per rent when uncontended).</summary>
internal sealed class CallPool<T>
    where T : class
{
    private readonly T[] _items;
    private readonly Lock _lock = new();
    private readonly Func<CallPool<T>, T> _factory;
    private int _count;

    public CallPool(int capacity, Func<CallPool<T>, T> factory)
    {
        _items = new T[capacity];
        _factory = factory;
    }

    public T Rent()
    {
        lock (_lock)
        {
            if (_count > 0)
            {
                T item = _items[--_count];
                _items[_count] = null!;
                return item;
            }
        }

        return _factory(this);
    }

    public void Return(T item)
    {
        lock (_lock)
        {
            if (_count < _items.Length)
            {
                _items[_count++] = item;
            }
        }
    }
}
