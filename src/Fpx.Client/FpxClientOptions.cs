using Fpx.Protocol;

namespace Fpx.Client;

/// <summary>Settings of an <see cref="FpxClient"/>, validated when set.</summary>
public sealed class FpxClientOptions
{
    private readonly string _host = "127.0.0.1";
    private readonly int _port = 7878;
    private readonly TimeSpan _connectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Host name or address. Default 127.0.0.1.</summary>
    public string Host { get => _host; init => _host = string.IsNullOrWhiteSpace(value) ? throw new ArgumentException("Host is empty.", nameof(Host)) : value; }

    /// <summary>TCP port. Default 7878.</summary>
    public int Port { get => _port; init => _port = value is >= 1 and <= 65535 ? value : throw new ArgumentOutOfRangeException(nameof(Port), value, "Port must be in [1, 65535]."); }

    /// <summary>The shared secret, sent with <c>auth</c> on every (re)connect; null when the host needs none.</summary>
    public byte[]? Secret { get; init; }

    /// <summary>How long a connect (plus auth) may take. Range 1 ms..5 min; default 5 s.</summary>
    public TimeSpan ConnectTimeout
    {
        get => _connectTimeout;
        init => _connectTimeout = value >= TimeSpan.FromMilliseconds(1) && value <= TimeSpan.FromMinutes(5) ? value : throw new ArgumentOutOfRangeException(nameof(ConnectTimeout), value, "ConnectTimeout must be in [1 ms, 5 min].");
    }

    /// <summary>Limits on responses from the host. Default <see cref="MessagePackLimits.Default"/>.</summary>
    public MessagePackLimits Limits { get; init; } = MessagePackLimits.Default;

    /// <summary>
    /// True (default): a call's continuation runs on the thread pool, never on the receive loop.
    /// False: it runs inline on the receive loop, which saves a thread hop (lower latency) but
    /// stalls every other call on the connection while the continuation runs; only for callers
    /// whose continuations are short and never block.
    /// </summary>
    public bool RunContinuationsAsynchronously { get; init; } = true;

    /// <summary>The clock of round-trip measurements.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
