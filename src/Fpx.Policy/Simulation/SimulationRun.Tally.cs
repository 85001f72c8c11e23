namespace Fpx.Policy.Simulation;

internal sealed partial class SimulationRun
{
    private readonly Tally _tally;

    /// <summary>Outcome counts, leaving out the warm-up requests.</summary>
    private sealed class Tally(int warmup)
    {
        private readonly SortedDictionary<string, int> _served = new(StringComparer.Ordinal);
        private readonly List<double> _latencies = [];
        private int _requests, _met, _late, _expired, _rejected, _degraded, _feasible, _feasibleMet;
        private double _utility;

        public void Rejected(int i)
        {
            if (i >= warmup)
            {
                _requests++;
                _rejected++;
            }
        }

        public void Expired(int i, bool degraded)
        {
            if (i >= warmup)
            {
                _requests++;
                _expired++;
                _feasible += degraded ? 0 : 1;
            }
        }

        public void Served(int i, string variant, double latencyUs, bool met, double utility, bool degraded)
        {
            if (i < warmup)
            {
                return;
            }

            _requests++;
            if (met)
            {
                _met++;
            }
            else
            {
                _late++;
            }

            if (degraded)
            {
                _degraded++;
            }
            else
            {
                _feasible++;
                _feasibleMet += met ? 1 : 0;
            }

            _utility += utility;
            _served[variant] = _served.GetValueOrDefault(variant) + 1;
            _latencies.Add(latencyUs);
        }

        public SimulationResult ToResult(string policy)
        {
            _latencies.Sort();
            double p99 = _latencies.Count == 0 ? 0 : _latencies[Math.Min(_latencies.Count - 1, (int)(0.99 * _latencies.Count))];
            return new SimulationResult(policy, _requests, _met, _late, _expired, _rejected, _degraded, _utility, _served, p99) { Feasible = _feasible, FeasibleMet = _feasibleMet };
        }
    }
}
