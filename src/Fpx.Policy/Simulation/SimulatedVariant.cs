using Fpx.Policy.Profiles;

namespace Fpx.Policy.Simulation;

/// <summary>A variant as the simulated server runs it: its true quality and service-time distribution.</summary>
public sealed class SimulatedVariant
{
    /// <summary>Creates a simulated variant.</summary>
    /// <param name="name">Variant name, as in the task profile.</param>
    /// <param name="quality">True quality in [0, 1], used to score outcomes (the profile's may differ, to model a mis-profiled task).</param>
    /// <param name="serviceTime">True service-time distribution.</param>
    public SimulatedVariant(string name, double quality, ServiceTimeModel serviceTime)
    {
        if (!ProfileNames.IsValid(name))
        {
            throw new ArgumentException("Not a valid variant name", nameof(name));
        }

        if (!(quality >= 0 && quality <= 1))
        {
            ThrowHelper.ThrowOutOfRange(nameof(quality), quality, "must be in [0, 1]");
        }

        ArgumentNullException.ThrowIfNull(serviceTime);
        Name = name;
        Quality = quality;
        ServiceTime = serviceTime;
    }

    /// <summary>Variant name.</summary>
    public string Name { get; }

    /// <summary>True quality.</summary>
    public double Quality { get; }

    /// <summary>True service-time distribution.</summary>
    public ServiceTimeModel ServiceTime { get; }
}
