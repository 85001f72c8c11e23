using System.Runtime.CompilerServices;

namespace Fpx.Policy.Choice;

/// <summary>
/// The price of server time at one moment: how much value other requests are expected to lose
/// when a request takes <c>extra</c> µs longer than the fastest variant would. A snapshot from
/// <see cref="DelayCostEstimator.Snapshot"/>; <see cref="None"/> (the default) prices nothing.
/// </summary>
/// <remarks>
/// With one non-preemptive compute thread, extra service time delays every request served after
/// this one in the same busy period: those queued behind it, and those that arrive before the
/// server next falls idle (for M/G/1 about λ·U/(1 − ρ) for remaining work U). Each is delayed by
/// about <c>extra</c> and loses <see cref="LossPerRequest"/>(extra) on average, so
/// cost(extra) = (behind + λ·(queued work + fastest service)/(1 − ρ)) × loss(extra).
/// See docs/decisions/0012-delay-cost.md for why the choice needs it and how it was measured.
/// </remarks>
public readonly struct DelayCost
{
    private readonly LossCurve _loss;

    internal DelayCost(double arrivalsPerUs, double utilization, int queuedBehind, double queuedWorkUs, in LossCurve loss)
    {
        IsActive = true;
        ArrivalsPerUs = arrivalsPerUs;
        Utilization = utilization;
        QueuedBehind = queuedBehind;
        QueuedWorkUs = queuedWorkUs;
        _loss = loss;
    }

    /// <summary>No price on server time: the choice is the plain argmax of quality × utility.</summary>
    public static DelayCost None => default;

    /// <summary>False for <see cref="None"/>.</summary>
    public bool IsActive { get; }

    /// <summary>Recent arrival rate, requests per µs.</summary>
    public double ArrivalsPerUs { get; }

    /// <summary>Recent server utilization estimate, capped at 0.95.</summary>
    public double Utilization { get; }

    /// <summary>Requests queued behind the one being decided.</summary>
    public int QueuedBehind { get; }

    /// <summary>Mean work queued or in service, µs.</summary>
    public double QueuedWorkUs { get; }

    /// <summary>Average value a request loses when delayed by <paramref name="delayUs"/> (interpolated between grid points).</summary>
    /// <param name="delayUs">The delay, µs.</param>
    /// <returns>The loss, in units of quality × utility.</returns>
    public double LossPerRequest(double delayUs) => IsActive ? _loss.At(delayUs) : 0;

    /// <summary>The value others lose if this request's service takes <paramref name="extraUs"/> more than the fastest variant's.</summary>
    /// <param name="extraUs">Extra mean service time, µs (≤ 0 costs nothing).</param>
    /// <param name="fastestServiceUs">Mean service time of the fastest candidate, µs.</param>
    /// <returns>The cost, in units of quality × utility.</returns>
    public double Cost(double extraUs, double fastestServiceUs)
    {
        if (!IsActive || !(extraUs > 0))
        {
            return 0;
        }

        double affected = QueuedBehind + (ArrivalsPerUs * (QueuedWorkUs + fastestServiceUs) / (1 - Utilization));
        return affected * _loss.At(extraUs);
    }
}

/// <summary>Average loss at each delay of <see cref="Grid"/>.</summary>
[InlineArray(Points)]
internal struct LossCurve
{
    public const int Points = 10;

    private double _element0;

    /// <summary>Delays the loss is tracked at, µs: 0 and 50 · 2^k.</summary>
    public static ReadOnlySpan<double> Grid => [0, 50, 100, 200, 400, 800, 1600, 3200, 6400, 12800];

    public readonly double At(double delayUs)
    {
        var grid = Grid;
        for (int k = 1; k < Points; k++)
        {
            if (delayUs <= grid[k])
            {
                double f = Math.Max(0, delayUs - grid[k - 1]) / (grid[k] - grid[k - 1]);
                return this[k - 1] + (f * (this[k] - this[k - 1]));
            }
        }

        return this[Points - 1];
    }
}
