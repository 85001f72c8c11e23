using Fpx.Host.Backend;

namespace Fpx.Host.Scheduling;

// Warm-up, before the host accepts connections (docs/decisions/0034-time-based-warm-up.md):
// 1. Unmeasured bursts: every variant's stateless decide (a typical and a one-token input) and
//    session path (open, append, decide on it and on the next variant, close), round after round,
//    for a third of WarmupTime each (at most 100 rounds), each burst followed by 120 ms of quiet.
//    Tiered compilation promotes a method after about 30 calls, once no new method has been
//    compiled at tier 0 for 100 ms; the bursts give the calls, the pauses the quiet, and the second
//    burst the calls that are counted after the first pause.
// 2. WarmupPasses measured rounds of every variant's stateless decide at both lengths, recorded as
//    live latency (host p99, and the pass observer: the policy's predictor trusts a cell after 32).
internal sealed partial class Scheduler
{
    private const int MaxBurstRounds = 100;
    private static readonly TimeSpan QuietPause = TimeSpan.FromMilliseconds(120);

    private void Warmup()
    {
        var probe = new WarmupProbe(_backend);
        long start = _time.GetTimestamp();
        if (_options.WarmupTime > TimeSpan.Zero)
        {
            TimeSpan third = _options.WarmupTime / 3;
            for (int burst = 1; burst <= 2 && !_stopping; burst++)
            {
                int rounds = 0;
                while (rounds < MaxBurstRounds && _time.GetElapsedTime(start) < third * burst && !_stopping)
                {
                    for (int v = 0; v < _queues.Length; v++)
                    {
                        probe.Decide(v, probe.Typical);
                        probe.Decide(v, probe.Single);
                        probe.SessionPath(v, (v + 1) % _queues.Length);
                    }

                    rounds++;
                }

                Thread.Sleep(QuietPause);
            }
        }

        for (int round = 0; round < _options.WarmupPasses && !_stopping && !probe.Failed; round++)
        {
            for (int v = 0; v < _queues.Length; v++)
            {
                Measure(probe, v, probe.Typical);
                Measure(probe, v, probe.Single);
            }
        }

        if (probe.Failed)
        {
            _log.Warning($"warm-up stopped early: {probe.Error}");
        }

        _log.Info($"warm-up: {probe.Calls} backend calls in {_time.GetElapsedTime(start).TotalSeconds:F2} s");
    }

    private void Measure(WarmupProbe probe, int variant, int[] tokens)
    {
        long t0 = _time.GetTimestamp();
        if (probe.Decide(variant, tokens))
        {
            long ticks = _time.GetTimestamp() - t0;
            Latency.Record(variant, ticks);
            _observer?.OnPass(new PassRecord(variant, tokens.Length, 1, ticks, PassKind.Warmup));
            Counters.Warmup++;
        }
    }

    /// <summary>The inputs of warm-up calls and the calls themselves; the first failure stops the warm-up (logged, not fatal).</summary>
    private sealed class WarmupProbe
    {
        private readonly IDecisionBackend _backend;
        private readonly int[] _actions;
        private readonly float[] _probabilities;
        private readonly BackendItem[] _item = new BackendItem[1];
        private readonly TimeSpan[] _time = new TimeSpan[1];

        public WarmupProbe(IDecisionBackend backend)
        {
            _backend = backend;
            int vocabulary = Math.Max(1, backend.VocabularySize);
            int length = Math.Clamp(16, 1, backend.MaxContextTokens);
            Typical = [.. Enumerable.Range(0, length).Select(i => ((i * 7) + 3) % vocabulary)];
            Single = [Typical[0]];
            _actions = vocabulary >= 2 ? [0, 1] : [0];
            _probabilities = new float[_actions.Length];
        }

        /// <summary>A typical input: 16 tokens (the policy's length bucket of 9..16), or the context limit.</summary>
        public int[] Typical { get; }

        /// <summary>A one-token input (a session's next observation).</summary>
        public int[] Single { get; }

        public long Calls { get; private set; }

        public bool Failed => Error is not null;

        public string? Error { get; private set; }

        public bool Decide(int variant, int[] tokens) => Run(() =>
        {
            _item[0] = new BackendItem(_actions, tokens, BackendItem.NoSession, _probabilities);
            _backend.Decide(variant, _item, _time);
        });

        /// <summary>Open, append on one variant, decide on it and then on another (a cache switch), close.</summary>
        public void SessionPath(int variant, int other)
        {
            long session = -1;
            Run(() =>
            {
                session = _backend.OpenSession();
                _backend.AppendSession(session, variant, Typical.AsSpan(0, Math.Max(1, Typical.Length / 2)));
                _item[0] = new BackendItem(_actions, Single, session, _probabilities);
                _backend.Decide(variant, _item, _time);
                _item[0] = new BackendItem(_actions, ReadOnlyMemory<int>.Empty, session, _probabilities);
                _backend.Decide(other, _item, _time);
            });
            if (session >= 0)
            {
                Run(() => _backend.CloseSession(session));
            }
        }

        private bool Run(Action call)
        {
            if (Failed)
            {
                return false;
            }

            try
            {
                Calls++;
                call();
                return true;
            }
            catch (Exception e)
            {
                Error = e.Message;
                return false;
            }
        }
    }
}
