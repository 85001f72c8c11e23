namespace Fpx.Scenarios.Trading;

/// <summary>
/// Replays one day for one or more traders. Time advances in decision points
/// (<see cref="TradingOptions.DecisionIntervalSeconds"/>); at each, every trader without a decision in
/// flight sees its observation and decides, all concurrently (over the wall clock they then contend for
/// the same server, as real bots do). An order arrives at decision time plus its latency in market time
/// and fills at the path's price at that moment; orders from all traders execute in arrival order
/// against one <see cref="OrderBook"/>, so a faster trader takes the best price and a slower one walks
/// it. A trader decides again at the first point after its previous decision arrived.
/// </summary>
public static class TradingReplay
{
    /// <summary>Runs <paramref name="traders"/> together on <paramref name="day"/> (one trader: a solo run).</summary>
    public static async Task<IReadOnlyList<TraderOutcome>> RunAsync(
        MarketDay day, IReadOnlyList<ITrader> traders, TradingOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(day);
        ArgumentNullException.ThrowIfNull(traders);
        ArgumentNullException.ThrowIfNull(options);
        ulong seed = CounterRandom.Mix(options.Seed, CounterRandom.Hash(day.Name), 0, 0);
        var run = new Run(day, options, seed, traders);
        double first = day.Start + options.WarmupSeconds;
        double nextBlock = first + options.BlockSeconds;
        var pendingDecisions = new List<(Participant P, ValueTask<AgentDecision> Task)>();
        for (long k = 0; ; k++)
        {
            double t = first + k * options.DecisionIntervalSeconds;
            if (t >= day.End)
            {
                break;
            }
            for (; nextBlock <= t; nextBlock += options.BlockSeconds)
            {
                run.ExecuteUntil(nextBlock);
                run.MarkBlock(nextBlock);
            }
            run.ExecuteUntil(t);
            double price = day.PriceAt(t);
            pendingDecisions.Clear();
            foreach (var p in run.Participants)
            {
                if (p.BusyUntil <= t)
                {
                    var view = new TradingView(day, t, price, p.Outcome.Cash, p.Outcome.PositionLots,
                        TradingTokenizer.Observe(day, t, p.Outcome.Cash, p.Outcome.PositionLots, options),
                        HindsightExpert.Label(day, t, p.Outcome.PositionLots, options));
                    var context = new DecisionContext(p.Index, p.Outcome.Decisions, seed);
                    // Started together, awaited in order: concurrent over the wall clock, deterministic over the virtual one.
                    pendingDecisions.Add((p, p.Trader.DecideAsync(view, context, cancellationToken)));
                    p.LastHindsight = view.HindsightAction;
                }
            }
            foreach (var (p, task) in pendingDecisions)
            {
                run.Accept(p, await task.ConfigureAwait(false), t, price, k);
            }
        }
        for (; nextBlock < day.End; nextBlock += options.BlockSeconds)
        {
            run.ExecuteUntil(nextBlock);
            run.MarkBlock(nextBlock);
        }
        run.ExecuteUntil(day.End);
        run.Close();
        return run.Participants.Select(p => p.Outcome).ToArray();
    }

    private sealed class Participant(ITrader trader, int index, TraderOutcome outcome)
    {
        public ITrader Trader { get; } = trader;
        public int Index { get; } = index;
        public TraderOutcome Outcome { get; } = outcome;
        public double BusyUntil { get; set; } = double.NegativeInfinity;
        public double LastMark { get; set; } = outcome.StartingCapital;
        public int LastHindsight { get; set; }
    }

    private readonly record struct Order(Participant Participant, OrderSide Side, double DecisionTime, double DecisionPrice);

    private sealed class Run
    {
        private readonly MarketDay _day;
        private readonly TradingOptions _options;
        private readonly ulong _seed;
        private readonly OrderBook _book;
        private readonly PriorityQueue<Order, (double Arrival, ulong Tie, int Participant)> _pending = new();

        public Run(MarketDay day, TradingOptions options, ulong seed, IReadOnlyList<ITrader> traders)
        {
            _day = day;
            _options = options;
            _seed = seed;
            _book = new OrderBook(options);
            Participants = traders.Select((t, i) => new Participant(t, i, new TraderOutcome(t.Name, day.Name, options.StartingCapital))).ToArray();
        }

        public Participant[] Participants { get; }

        public void Accept(Participant p, AgentDecision decision, double time, double price, long tick)
        {
            var outcome = p.Outcome;
            outcome.Decisions++;
            outcome.LatenciesUs.Add(decision.LatencyUs);
            outcome.Variants[decision.Variant] = outcome.Variants.GetValueOrDefault(decision.Variant) + 1;
            if (decision.Action == p.LastHindsight)
            {
                outcome.AgreedWithHindsight++;
            }
            double arrival = time + _options.Scale.ToSimulatedSeconds(decision.LatencyUs);
            p.BusyUntil = arrival;
            if (decision.Action is TradingVocabulary.Buy or TradingVocabulary.Sell)
            {
                var side = decision.Action == TradingVocabulary.Buy ? OrderSide.Buy : OrderSide.Sell;
                // Equal arrival times (zero or equal fixed latencies) are ordered by a seeded coin, not by who was listed first.
                ulong tie = CounterRandom.Mix(_seed, (ulong)tick, (ulong)p.Index, 0x7469);
                _pending.Enqueue(new Order(p, side, time, price), (arrival, tie, p.Index));
            }
        }

        public void ExecuteUntil(double time)
        {
            while (_pending.TryPeek(out var order, out var key) && key.Arrival <= time)
            {
                _pending.Dequeue();
                Execute(order, key.Arrival);
            }
        }

        private void Execute(Order order, double arrival)
        {
            var outcome = order.Participant.Outcome;
            int sign = (int)order.Side;
            int newPosition = outcome.PositionLots + sign;
            double mid = _day.PriceAt(arrival);
            var quote = _book.Quote(order.Side, arrival, mid);
            double cashAfter = outcome.Cash - sign * quote * _options.LotShares;
            if (Math.Abs(newPosition) > _options.MaxPositionLots || cashAfter < 0)
            {
                outcome.Rejected++;
                return;
            }
            var (price, walk) = _book.Take(order.Side, arrival, mid);
            outcome.Cash -= sign * price * _options.LotShares;
            outcome.PositionLots = newPosition;
            outcome.Fills.Add(new Fill(order.DecisionTime, arrival, order.Side, price, order.DecisionPrice, walk));
        }

        public void MarkBlock(double time)
        {
            double price = _day.PriceAt(time);
            foreach (var p in Participants)
            {
                double equity = p.Outcome.Cash + p.Outcome.PositionLots * _options.LotShares * price;
                p.Outcome.BlockPnl.Add(equity - p.LastMark);
                p.LastMark = equity;
            }
        }

        public void Close()
        {
            foreach (var p in Participants)
            {
                var outcome = p.Outcome;
                outcome.Late = _pending.UnorderedItems.Count(item => item.Element.Participant == p);
                outcome.FinalEquity = outcome.Cash + outcome.PositionLots * _options.LotShares * _day.ClosePrice;
                outcome.BlockPnl.Add(outcome.FinalEquity - p.LastMark);
            }
        }
    }
}
