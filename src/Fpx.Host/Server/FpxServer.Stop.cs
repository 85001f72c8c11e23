namespace Fpx.Host.Server;

// Graceful shutdown (docs/decisions/0022-backpressure-and-shutdown.md): stop accepting, refuse
// new requests with `cancelled`, let the compute thread finish or cancel what is queued, write
// every response, then close.
public sealed partial class FpxServer
{
    /// <summary>
    /// Stops gracefully: no new connections; requests read from now on are answered
    /// <c>cancelled</c>; queued ones are computed within the drain timeout or answered
    /// <c>cancelled</c>; responses are flushed (within <see cref="ServerOptions.ShutdownTimeout"/>);
    /// then every connection is closed. Safe to call more than once.
    /// </summary>
    /// <returns>When stopped.</returns>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopRequested, 1) != 0)
        {
            await Completion.ConfigureAwait(false);
            return;
        }

        Log.Info("stopping");
        _listener?.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }

        Scheduler.Stop();
        await Scheduler.Stopped.ConfigureAwait(false);

        // Everything queued has been answered into the connections' output; let it drain.
        long deadline = Time.GetTimestamp() + (long)(Options.ShutdownTimeout.TotalSeconds * Time.TimestampFrequency);
        Connection[] connections = Snapshot();
        Task[] closing = [.. connections.Select(c => c.CloseAfterStopAsync(deadline))];
        await Task.WhenAll(closing).ConfigureAwait(false);
        if (_sweep is not null)
        {
            await _sweep.DisposeAsync().ConfigureAwait(false);
        }

        Log.Info($"stopped ({Counters.Responses} responses)");
        _stopped.TrySetResult();
    }
}
