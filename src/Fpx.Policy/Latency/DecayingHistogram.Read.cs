namespace Fpx.Policy.Latency;

internal sealed partial class DecayingHistogram
{
    /// <summary>The <paramref name="quantile"/> of the decayed distribution, in µs; false while empty.</summary>
    public bool TryQuantile(double quantile, out double valueUs)
    {
        var op = new QuantileRead(quantile);
        Read(ref op);
        valueUs = op.Value;
        return !double.IsNaN(valueUs);
    }

    /// <summary>
    /// The mean and the <paramref name="quantile"/> of the time still to go for a run that has been
    /// going for <paramref name="elapsedUs"/>: the distribution conditioned on exceeding the elapsed
    /// time, shifted by it. With 0 elapsed these are the plain mean and quantile. A run already past
    /// every recorded sample is expected to end now (both 0). False while empty.
    /// </summary>
    public bool TryRemaining(double elapsedUs, double quantile, out double meanUs, out double quantileUs)
    {
        var op = new RemainingRead(elapsedUs, quantile);
        Read(ref op);
        meanUs = op.Mean;
        quantileUs = op.Quantile;
        return !double.IsNaN(meanUs);
    }

    /// <summary>Mean and the 50th, 90th and 99th percentiles in one consistent read; false while empty.</summary>
    public bool TrySummary(out double meanUs, out double p50Us, out double p90Us, out double p99Us)
    {
        var op = new SummaryRead();
        Read(ref op);
        (meanUs, p50Us, p90Us, p99Us) = (op.Mean, op.P50, op.P90, op.P99);
        return !double.IsNaN(meanUs);
    }

    private interface IReadOperation
    {
        void Run(DecayingHistogram h);
    }

    /// <summary>
    /// Runs <paramref name="op"/> against a state no write overlapped (the seqlock read side).
    /// A torn read may compute garbage, but never indexes out of range and is thrown away.
    /// </summary>
    private void Read<T>(ref T op)
        where T : struct, IReadOperation
    {
        var spin = default(SpinWait);
        while (true)
        {
            int before = Volatile.Read(ref _version);
            if ((before & 1) == 0)
            {
                op.Run(this);

                // Every load above must complete before the version is checked again.
                Interlocked.MemoryBarrier();
                if (Volatile.Read(ref _version) == before)
                {
                    return;
                }
            }

            spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    /// <summary>The quantile by scanning from the nearer end, interpolating inside the bin.</summary>
    private double QuantileCore(double q)
    {
        double total = _total;
        int lo = Math.Clamp(_minIndex, 0, LogLinearBins.Count - 1);
        int hi = Math.Clamp(_maxIndex, 0, LogLinearBins.Count - 1);
        if (!(total > 0) || hi < lo)
        {
            return double.NaN;
        }

        q = Math.Clamp(q, 0, 1);
        double cumulative = 0;
        if (q <= 0.5)
        {
            double target = q * total;
            for (int i = lo; i <= hi; i++)
            {
                double c = _bins[i];
                if (c > 0 && cumulative + c >= target)
                {
                    return LogLinearBins.Lower(i) + (LogLinearBins.Width(i) * (target - cumulative) / c);
                }

                cumulative += c;
            }

            return LogLinearBins.Upper(hi);
        }
        else
        {
            double target = (1 - q) * total;
            for (int i = hi; i >= lo; i--)
            {
                double c = _bins[i];
                if (c > 0 && cumulative + c >= target)
                {
                    return LogLinearBins.Upper(i) - (LogLinearBins.Width(i) * (target - cumulative) / c);
                }

                cumulative += c;
            }

            return LogLinearBins.Lower(lo);
        }
    }

    private void RemainingCore(double elapsedUs, double q, out double mean, out double quantile)
    {
        double total = _total;
        if (!(total > 0) || _maxIndex < 0)
        {
            mean = quantile = double.NaN;
            return;
        }

        if (elapsedUs <= 0)
        {
            mean = _weightedSum / total;
            quantile = QuantileCore(q);
            return;
        }

        // Mass below the elapsed time and the mass-weighted midpoints above it, treating each bin
        // as uniform (the same assumption the quantile interpolation makes).
        int at = LogLinearBins.IndexOf(elapsedUs);
        int hi = Math.Min(_maxIndex, LogLinearBins.Count - 1);
        double below = 0, above = 0, moment = 0;
        for (int i = Math.Max(0, _minIndex); i <= hi; i++)
        {
            double c = _bins[i];
            if (i < at)
            {
                below += c;
            }
            else if (i > at)
            {
                above += c;
                moment += c * (LogLinearBins.Lower(i) + (LogLinearBins.Width(i) / 2));
            }
            else
            {
                double upper = LogLinearBins.Upper(i);
                double fractionAbove = Math.Clamp((upper - elapsedUs) / LogLinearBins.Width(i), 0, 1);
                below += c * (1 - fractionAbove);
                above += c * fractionAbove;
                moment += c * fractionAbove * (elapsedUs + upper) / 2;
            }
        }

        if (!(above > total * 1e-12))
        {
            mean = quantile = 0;
            return;
        }

        mean = Math.Max(0, (moment / above) - elapsedUs);
        quantile = Math.Max(0, QuantileCore((below + (q * above)) / total) - elapsedUs);
    }

    private struct QuantileRead(double quantile) : IReadOperation
    {
        public double Value;

        public void Run(DecayingHistogram h) => Value = h.QuantileCore(quantile);
    }

    private struct RemainingRead(double elapsedUs, double quantile) : IReadOperation
    {
        public double Mean;
        public double Quantile;

        public void Run(DecayingHistogram h) => h.RemainingCore(elapsedUs, quantile, out Mean, out Quantile);
    }

    private struct SummaryRead : IReadOperation
    {
        public double Mean;
        public double P50;
        public double P90;
        public double P99;

        public void Run(DecayingHistogram h)
        {
            Mean = h._total > 0 ? h._weightedSum / h._total : double.NaN;
            P50 = h.QuantileCore(0.5);
            P90 = h.QuantileCore(0.9);
            P99 = h.QuantileCore(0.99);
        }
    }
}
