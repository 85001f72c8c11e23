namespace Fpx.Protocol;

/// <summary>
/// A value of the spec's Timestamp extension type (ext type -1): seconds since
/// 1970-01-01T00:00:00Z as a signed 64-bit integer plus nanoseconds in [0, 999 999 999].
/// Covers the whole range of the 96-bit form, which <see cref="DateTime"/> does not.
/// </summary>
public readonly partial struct MessagePackTimestamp : IEquatable<MessagePackTimestamp>
{
    /// <summary>Nanoseconds per second: the exclusive upper bound of <see cref="Nanoseconds"/>.</summary>
    public const uint NanosecondsPerSecond = 1_000_000_000;

    private const long TicksPerSecond = TimeSpan.TicksPerSecond;
    private const long NanosecondsPerTick = 100;

    /// <summary>Creates a timestamp.</summary>
    /// <param name="seconds">Seconds since the Unix epoch (may be negative).</param>
    /// <param name="nanoseconds">Nanoseconds within the second, below 1e9.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="nanoseconds"/> is 1e9 or more.</exception>
    public MessagePackTimestamp(long seconds, uint nanoseconds)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(nanoseconds, NanosecondsPerSecond);
        Seconds = seconds;
        Nanoseconds = nanoseconds;
    }

    /// <summary>Seconds since 1970-01-01T00:00:00Z.</summary>
    public long Seconds { get; }

    /// <summary>Nanoseconds within the second, in [0, 999 999 999].</summary>
    public uint Nanoseconds { get; }

    /// <summary>Converts a <see cref="DateTime"/>; local times are converted to UTC, unspecified ones are taken as UTC.</summary>
    /// <param name="value">The instant.</param>
    /// <returns>The same instant (DateTime has 100 ns resolution, which the timestamp keeps exactly).</returns>
    public static MessagePackTimestamp FromDateTime(DateTime value)
    {
        if (value.Kind == DateTimeKind.Local)
        {
            value = value.ToUniversalTime();
        }

        long ticks = value.Ticks - DateTime.UnixEpoch.Ticks;
        long seconds = Math.DivRem(ticks, TicksPerSecond, out long remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TicksPerSecond;
        }

        return new MessagePackTimestamp(seconds, (uint)(remainder * NanosecondsPerTick));
    }

    /// <summary>Converts to a UTC <see cref="DateTime"/>, truncating to its 100 ns resolution.</summary>
    /// <returns>The instant as a UTC DateTime.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The instant is outside the range of DateTime.</exception>
    public DateTime ToDateTime()
    {
        const long minSeconds = -62_135_596_800; // 0001-01-01T00:00:00Z
        const long maxSeconds = 253_402_300_799; // 9999-12-31T23:59:59Z
        if (Seconds < minSeconds || Seconds > maxSeconds)
        {
            throw new ArgumentOutOfRangeException(nameof(Seconds), Seconds, "The timestamp is outside the range of DateTime.");
        }

        return DateTime.UnixEpoch.AddTicks(Seconds * TicksPerSecond + Nanoseconds / NanosecondsPerTick);
    }

    /// <inheritdoc />
    public bool Equals(MessagePackTimestamp other) => Seconds == other.Seconds && Nanoseconds == other.Nanoseconds;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is MessagePackTimestamp other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Seconds, Nanoseconds);

    /// <summary>Equality of both fields.</summary>
    /// <param name="left">A timestamp.</param>
    /// <param name="right">Another timestamp.</param>
    /// <returns>True when equal.</returns>
    public static bool operator ==(MessagePackTimestamp left, MessagePackTimestamp right) => left.Equals(right);

    /// <summary>Inequality of either field.</summary>
    /// <param name="left">A timestamp.</param>
    /// <param name="right">Another timestamp.</param>
    /// <returns>True when different.</returns>
    public static bool operator !=(MessagePackTimestamp left, MessagePackTimestamp right) => !left.Equals(right);

    /// <summary>Formats as <c>seconds.nanoseconds</c>, e.g. <c>1700000000.000000500</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Seconds}.{Nanoseconds:D9}";
}
