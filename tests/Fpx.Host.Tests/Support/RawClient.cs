using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Fpx.Protocol;

namespace Fpx.Host.Tests.Support;

/// <summary>A bare socket to the host for tests that send arbitrary bytes and read frames back.</summary>
public sealed class RawClient : IDisposable
{
    private readonly byte[] _buffer = new byte[1 << 20];
    private int _filled;

    public RawClient(IPEndPoint endPoint)
    {
        Socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Socket.Connect(endPoint);
    }

    public Socket Socket { get; }

    public void Send(byte[] bytes) => Socket.Send(bytes);

    public void Send(params byte[][] frames) => Socket.Send(frames.SelectMany(f => f).ToArray());

    /// <summary>The next frame, or null when the host closed the connection first; fails after the timeout.</summary>
    public Frame? Receive(TimeSpan? timeout = null)
    {
        DateTime until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var sequence = new ReadOnlySequence<byte>(_buffer, 0, _filled);
            FrameScanResult scan = MessagePackFrameScanner.TryScanValue(sequence);
            if (scan.Status == DecodeStatus.Success)
            {
                object? value = Msg.Decode(sequence.Slice(0, scan.Length));
                int length = (int)scan.Length;
                Array.Copy(_buffer, length, _buffer, 0, _filled - length);
                _filled -= length;
                return Frame.From(value);
            }

            Assert.NotEqual(DecodeStatus.Malformed, scan.Status);
            TimeSpan left = until - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException("No frame from the host in time.");
            }

            Socket.ReceiveTimeout = (int)Math.Max(1, left.TotalMilliseconds);
            int n;
            try
            {
                n = Socket.Receive(_buffer, _filled, _buffer.Length - _filled, SocketFlags.None);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut || e.SocketErrorCode == SocketError.WouldBlock)
            {
                throw new TimeoutException("No frame from the host in time.");
            }
            catch (SocketException)
            {
                return null; // reset by the host
            }

            if (n == 0)
            {
                return null;
            }

            _filled += n;
        }
    }

    public Frame Call(uint id, string method, params object?[] args)
    {
        Send(Msg.Request(id, method, args));
        return Receive() ?? throw new InvalidOperationException("The host closed the connection.");
    }

    /// <summary>True when the host closes the connection within the timeout (frames before the close are skipped).</summary>
    public bool WaitClosed(TimeSpan timeout)
    {
        DateTime until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            try
            {
                if (Receive(until - DateTime.UtcNow) is null)
                {
                    return true;
                }
            }
            catch (TimeoutException)
            {
                return false;
            }
        }

        return false;
    }

    public void Dispose() => Socket.Dispose();
}
