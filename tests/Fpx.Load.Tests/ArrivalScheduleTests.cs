namespace Fpx.Load.Tests;

public class ArrivalScheduleTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void Inject_spaces_arrivals_evenly_at_rate_per_interval()
    {
        // 50 per 100 ms = 500/s for 2 s.
        double[] t = [.. ArrivalSchedule.Arrivals([LoadSimulation.Inject(50, TimeSpan.FromMilliseconds(100), 2 * Second)])];
        Assert.Equal(1000, t.Length);
        Assert.Equal(0, t[0]);
        Assert.All(t.Zip(t.Skip(1)), p => Assert.Equal(0.002, p.Second - p.First, 9));
        Assert.True(t[^1] < 2);
    }

    [Fact]
    public void Ramping_inject_follows_a_linear_rate_from_the_previous_phase()
    {
        // 0 → 1000/s over 1 s: 500 arrivals, a quarter of them in the first half (the area under a line).
        double[] ramp = [.. ArrivalSchedule.Arrivals([LoadSimulation.RampingInject(1000, Second, Second)])];
        Assert.InRange(ramp.Length, 499, 501);
        Assert.InRange(ramp.Count(x => x < 0.5), 124, 126);
        Assert.True(ramp.Zip(ramp.Skip(1)).All(p => p.Second > p.First));

        // 1000/s for 1 s, then down to 0 over 1 s: 1000 + 500, the second phase starts at 1000/s.
        double[] both = [.. ArrivalSchedule.Arrivals([LoadSimulation.Inject(1000, Second, Second), LoadSimulation.RampingInject(0, Second, Second)])];
        Assert.InRange(both.Length, 1499, 1501);
        double[] second = [.. both.Where(x => x >= 1)];
        Assert.Equal(0.001, second[1] - second[0], 4);
        Assert.InRange(second.Count(x => x < 1.5), 374, 376); // three quarters of the ramp-down in its first half
        Assert.Equal(1500, ArrivalSchedule.ExpectedArrivals([LoadSimulation.Inject(1000, Second, Second), LoadSimulation.RampingInject(0, Second, Second)]), 6);
    }

    [Fact]
    public void Closed_phases_and_pauses_send_no_arrivals_but_shift_later_ones()
    {
        LoadSimulation[] phases = [LoadSimulation.Pause(Second), LoadSimulation.KeepConstant(3, Second), LoadSimulation.Inject(10, Second, Second)];
        double[] t = [.. ArrivalSchedule.Arrivals(phases)];
        Assert.Equal(10, t.Length);
        Assert.Equal(2.0, t[0], 9);
        Assert.Equal((1.0, 1.0, 3, TimeSpan.Zero), Assert.Single(ArrivalSchedule.ClosedPhases(phases)));

        // A ramp after a closed phase starts from 0.
        double[] ramp = [.. ArrivalSchedule.Arrivals([LoadSimulation.KeepConstant(1, Second), LoadSimulation.RampingInject(100, Second, Second)])];
        Assert.InRange(ramp.Length, 49, 51);
        Assert.Equal(1.0, ramp[0], 9);
    }

    [Fact]
    public void Phases_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LoadSimulation.Inject(0, Second, Second));
        Assert.Throws<ArgumentOutOfRangeException>(() => LoadSimulation.Inject(10, TimeSpan.Zero, Second));
        Assert.Throws<ArgumentOutOfRangeException>(() => LoadSimulation.Inject(2_000_000, Second, Second));
        Assert.Throws<ArgumentOutOfRangeException>(() => LoadSimulation.Inject(10, Second, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => LoadSimulation.KeepConstant(0, Second));
        Assert.Throws<ArgumentOutOfRangeException>(() => LoadSimulation.RampingInject(-1, Second, Second));
        Assert.Throws<ArgumentException>(() => Scenario.Create("bad name", _ => default));
        Assert.Throws<ArgumentException>(() => Scenario.Create("ok", _ => default).WithLoad());
        Assert.Throws<ArgumentOutOfRangeException>(() => Scenario.Create("ok", _ => default).WithMaxOutstanding(0));
    }
}
