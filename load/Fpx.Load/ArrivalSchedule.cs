namespace Fpx.Load;

/// <summary>
/// The due times of a scenario's open-model arrivals, in seconds from the scenario's start, and
/// the closed-model phases. Deterministic: arrival k of a constant phase is due at k / rate; of a
/// ramp from rate a to rate b over D, at the t where the expected count a·t + (b − a)·t²/(2D)
/// reaches k, so the instantaneous rate follows the ramp exactly.
/// </summary>
internal static class ArrivalSchedule
{
    /// <summary>Due offsets in seconds, ascending, of every open-model arrival of the phases.</summary>
    public static IEnumerable<double> Arrivals(IReadOnlyList<LoadSimulation> phases)
    {
        double phaseStart = 0, previousRate = 0;
        foreach (LoadSimulation phase in phases)
        {
            double length = phase.During.TotalSeconds;
            switch (phase)
            {
                case InjectSimulation inject:
                    for (long k = 0; k / inject.PerSecond < length; k++)
                    {
                        yield return phaseStart + (k / inject.PerSecond);
                    }

                    previousRate = inject.PerSecond;
                    break;
                case RampingInjectSimulation ramp:
                    double a = (ramp.TargetPerSecond - previousRate) / (2 * length), b = previousRate;
                    for (long k = 0; ; k++)
                    {
                        // Root of a·t² + b·t − k = 0 in the form that is stable when a is near 0 or negative.
                        double discriminant = (b * b) + (4 * a * k);
                        if (discriminant < 0)
                        {
                            break; // a ramp down to 0 that ends before arrival k
                        }

                        double t = k == 0 ? 0 : 2 * k / (b + Math.Sqrt(discriminant));
                        if (!(t < length))
                        {
                            break;
                        }

                        yield return phaseStart + t;
                    }

                    previousRate = ramp.TargetPerSecond;
                    break;
                default:
                    previousRate = 0;
                    break;
            }

            phaseStart += length;
        }
    }

    /// <summary>Expected arrivals of the open phases (for tests and progress).</summary>
    public static double ExpectedArrivals(IReadOnlyList<LoadSimulation> phases)
    {
        double total = 0, previousRate = 0;
        foreach (LoadSimulation phase in phases)
        {
            double length = phase.During.TotalSeconds;
            (total, previousRate) = phase switch
            {
                InjectSimulation i => (total + (i.PerSecond * length), i.PerSecond),
                RampingInjectSimulation r => (total + ((previousRate + r.TargetPerSecond) / 2 * length), r.TargetPerSecond),
                _ => (total, 0.0),
            };
        }

        return total;
    }

    /// <summary>The closed phases: start offset in seconds, length, copies, think time.</summary>
    public static IEnumerable<(double Start, double Length, int Copies, TimeSpan Think)> ClosedPhases(IReadOnlyList<LoadSimulation> phases)
    {
        double phaseStart = 0;
        foreach (LoadSimulation phase in phases)
        {
            if (phase is KeepConstantSimulation closed)
            {
                yield return (phaseStart, phase.During.TotalSeconds, closed.Copies, closed.ThinkTime);
            }

            phaseStart += phase.During.TotalSeconds;
        }
    }
}
