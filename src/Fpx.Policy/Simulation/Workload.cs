namespace Fpx.Policy.Simulation;

/// <summary>
/// The requests of one simulation, drawn once from the seed so that every policy faces the same
/// arrivals, budgets and service-time draws (common random numbers: a request that is slow on one
/// variant is slow on all of them).
/// </summary>
internal sealed class Workload
{
    private Workload(int count)
    {
        ArrivalUs = new double[count];
        BudgetUs = new double[count];
        Normal = new double[count];
        Uniform = new double[count];
    }

    public double[] ArrivalUs { get; }

    public double[] BudgetUs { get; }

    /// <summary>The standard normal draw behind each request's service time.</summary>
    public double[] Normal { get; }

    /// <summary>The uniform draw that decides whether a request's run is a slow one.</summary>
    public double[] Uniform { get; }

    public int Count => ArrivalUs.Length;

    public static Workload Generate(SimulationOptions options)
    {
        var workload = new Workload(options.Requests);
        var random = new Xoshiro256(options.Seed);
        double meanGapUs = 1e6 / (options.Load * options.CapacityPerSecond);
        double now = 0;
        for (int i = 0; i < workload.Count; i++)
        {
            now = options.ArrivalTimesUs is { } given ? given[i] : now + random.NextExponential(meanGapUs);
            workload.ArrivalUs[i] = now;
            workload.BudgetUs[i] = options.Budgets.Sample(random.NextDouble());
            workload.Normal[i] = random.NextNormal();
            workload.Uniform[i] = random.NextDouble();
        }

        return workload;
    }
}
