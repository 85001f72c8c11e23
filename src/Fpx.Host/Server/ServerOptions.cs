using System.Net;
using Fpx.Host.Scheduling;
using Fpx.Protocol;

namespace Fpx.Host.Server;

/// <summary>
/// Settings of an <see cref="FpxServer"/>. Every value is range-checked when set; the rule that
/// ties two of them (a non-loopback address needs a secret) is checked when the server is built.
/// Defaults are safe for a bot farm on one machine.
/// </summary>
public sealed class ServerOptions
{
    private readonly IPAddress _bind = IPAddress.Loopback;
    private readonly int _port = 7878;
    private readonly byte[]? _secret;
    private readonly int _maxConnections = 256;
    private readonly int _maxInFlight = 256;
    private readonly int _maxTokens = 4096;
    private readonly int _maxSessions = 64;
    private readonly TimeSpan _maxBudget = TimeSpan.FromSeconds(60);
    private readonly TimeSpan _idleTimeout = TimeSpan.FromMinutes(5);
    private readonly TimeSpan _authTimeout = TimeSpan.FromSeconds(5);
    private readonly TimeSpan _slowReaderTimeout = TimeSpan.FromSeconds(10);
    private readonly long _maxOutboundBytes = 8L << 20;
    private readonly TimeSpan _shutdownTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Limits on incoming MessagePack: 512 KiB frames (a profile is at most 256 KiB), depth 32,
    /// 65,536 elements per collection, 320 KiB strings, 64 KiB bin and ext.
    /// </summary>
    public static MessagePackLimits DefaultLimits { get; } = new()
    {
        MaxFrameSize = 512 * 1024,
        MaxDepth = 32,
        MaxCollectionLength = 65_536,
        MaxStringLength = 320 * 1024,
        MaxBinaryLength = 64 * 1024,
        MaxExtensionLength = 64 * 1024,
    };

    /// <summary>Address to listen on. Default 127.0.0.1; any other address requires <see cref="Secret"/>.</summary>
    public IPAddress Bind
    {
        get => _bind;
        init => _bind = value ?? throw new ArgumentNullException(nameof(Bind));
    }

    /// <summary>TCP port; 0 picks a free one (see <see cref="FpxServer.LocalEndPoint"/>). Default 7878.</summary>
    public int Port
    {
        get => _port;
        init => _port = value is >= 0 and <= 65535 ? value : throw new ArgumentOutOfRangeException(nameof(Port), value, "Port must be in [0, 65535].");
    }

    /// <summary>
    /// The shared secret every connection must present with <c>auth</c> before anything else, or
    /// null for none (allowed on loopback only). At least 8 bytes. Never logged.
    /// </summary>
    public byte[]? Secret
    {
        get => _secret;
        init => _secret = value is null || value.Length >= 8 ? value : throw new ArgumentException("A secret has at least 8 bytes.", nameof(Secret));
    }

    /// <summary>Limits on incoming MessagePack. Default <see cref="DefaultLimits"/>.</summary>
    public MessagePackLimits Limits { get; init; } = DefaultLimits;

    /// <summary>Open connections at most; more are answered <c>overloaded</c> and closed. Range 1..65,536; default 256.</summary>
    public int MaxConnections { get => _maxConnections; init => _maxConnections = Check(value, 1, 65_536); }

    /// <summary>Queued requests per connection at most; more get <c>overloaded</c>. Range 1..65,536; default 256.</summary>
    public int MaxInFlightPerConnection { get => _maxInFlight; init => _maxInFlight = Check(value, 1, 65_536); }

    /// <summary>Input tokens per request at most. Range 1..1,000,000; default 4096.</summary>
    public int MaxTokensPerRequest { get => _maxTokens; init => _maxTokens = Check(value, 1, 1_000_000); }

    /// <summary>Open sessions per connection at most. Range 0..65,536; default 64.</summary>
    public int MaxSessionsPerConnection { get => _maxSessions; init => _maxSessions = Check(value, 0, 65_536); }

    /// <summary>Largest <c>budget_us</c> accepted. Range 1 ms..1 h; default 60 s.</summary>
    public TimeSpan MaxBudget { get => _maxBudget; init => _maxBudget = Check(value, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1)); }

    /// <summary>A connection that sends nothing for this long, with nothing in flight, is closed (also ends half-open connections). Range 10 ms..1 day; default 5 min.</summary>
    public TimeSpan IdleTimeout { get => _idleTimeout; init => _idleTimeout = Check(value, TimeSpan.FromMilliseconds(10), TimeSpan.FromDays(1)); }

    /// <summary>With a secret, a connection that has not authenticated within this time is closed. Range 10 ms..10 min; default 5 s.</summary>
    public TimeSpan AuthTimeout { get => _authTimeout; init => _authTimeout = Check(value, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10)); }

    /// <summary>A connection whose unsent responses make no progress for this long is closed. Range 10 ms..10 min; default 10 s.</summary>
    public TimeSpan SlowReaderTimeout { get => _slowReaderTimeout; init => _slowReaderTimeout = Check(value, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10)); }

    /// <summary>Unsent response bytes per connection at most; past it the connection is closed (a client that never reads). Range 64 KiB..1 GiB; default 8 MiB.</summary>
    public long MaxOutboundBytes
    {
        get => _maxOutboundBytes;
        init => _maxOutboundBytes = value is >= 64 * 1024 and <= 1L << 30 ? value : throw new ArgumentOutOfRangeException(nameof(MaxOutboundBytes), value, "MaxOutboundBytes must be in [64 KiB, 1 GiB].");
    }

    /// <summary>How long a stop waits for responses to be written before closing connections anyway. Range 0..10 min; default 10 s.</summary>
    public TimeSpan ShutdownTimeout { get => _shutdownTimeout; init => _shutdownTimeout = Check(value, TimeSpan.Zero, TimeSpan.FromMinutes(10)); }

    /// <summary>Intake, batching, drain and warm-up settings.</summary>
    public SchedulerOptions Scheduler { get; init; } = new();

    /// <summary>The clock of receive stamps, deadlines and timeouts. Default <see cref="System.TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>True when <see cref="Bind"/> is a loopback address.</summary>
    public bool IsLoopback => IPAddress.IsLoopback(Bind);

    /// <summary>Checks the rules that tie several settings together.</summary>
    /// <exception cref="InvalidOperationException">A non-loopback address without a secret.</exception>
    public void Validate()
    {
        if (!IsLoopback && Secret is null)
        {
            throw new InvalidOperationException($"Refusing to listen on {Bind} without a shared secret: give --secret-file FILE or set FPX_SECRET, or bind to 127.0.0.1.");
        }
    }

    private static int Check(int value, int min, int max, [System.Runtime.CompilerServices.CallerMemberName] string name = "") =>
        value >= min && value <= max ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [{min}, {max}].");

    private static TimeSpan Check(TimeSpan value, TimeSpan min, TimeSpan max, [System.Runtime.CompilerServices.CallerMemberName] string name = "") =>
        value >= min && value <= max ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [{min}, {max}].");
}
