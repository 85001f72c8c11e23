using Fpx.Host.Scheduling;
using Fpx.Host.Server;

namespace Fpx.Host.Tests.Server;

public class OptionsTests
{
    [Fact]
    public void Defaults_are_safe()
    {
        var o = new ServerOptions();
        Assert.True(o.IsLoopback);
        Assert.Equal(7878, o.Port);
        Assert.Null(o.Secret);
        Assert.Equal(512 * 1024, o.Limits.MaxFrameSize);
        Assert.Equal(32, o.Limits.MaxDepth);
        o.Validate();
    }

    [Fact]
    public void Ranges_are_checked_at_construction()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServerOptions { Port = 70000 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServerOptions { MaxConnections = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServerOptions { MaxInFlightPerConnection = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServerOptions { MaxTokensPerRequest = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServerOptions { MaxBudget = TimeSpan.Zero });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServerOptions { IdleTimeout = TimeSpan.FromMilliseconds(1) });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServerOptions { SlowReaderTimeout = TimeSpan.FromHours(1) });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServerOptions { MaxOutboundBytes = 1024 });
        Assert.Throws<ArgumentNullException>(() => new ServerOptions { Bind = null! });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SchedulerOptions { IntakeCapacity = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SchedulerOptions { MaxBatchSize = 1000 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SchedulerOptions { BatchItemCost = 1.5 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SchedulerOptions { DrainTimeout = TimeSpan.FromHours(1) });
    }
}
