using Fpx.Policy.Latency;

namespace Fpx.Policy.Tests.Latency;

public class QueueLoadTests
{
    [Fact]
    public void Loads_add_and_subtract()
    {
        var a = new QueueLoad(1, 100, 400);
        var b = new QueueLoad(2, 300, 900);
        var sum = a + b;
        Assert.Equal(new QueueLoad(3, 400, 1300), sum);
        Assert.Equal(b, sum - a);
    }

    [Fact]
    public void Removing_the_last_item_gives_exactly_empty_whatever_the_rounding()
    {
        var total = QueueLoad.Empty;
        var item = new QueueLoad(1, 0.1, 0.3);
        for (int i = 0; i < 1000; i++)
        {
            total += item;
        }

        for (int i = 0; i < 1000; i++)
        {
            total -= item;
        }

        Assert.Equal(QueueLoad.Empty, total);
        Assert.Equal(0, total.WaitUs(0.99));
    }

    [Fact]
    public void A_single_item_waits_its_reference_quantile()
    {
        // Mean 500 and p99 800 give σ = 300 / z(0.99).
        double sigma = 300 / StandardNormal.Quantile(0.99);
        var item = new QueueLoad(1, 500, sigma * sigma);
        Assert.Equal(800, item.WaitUs(0.99), 9);
        Assert.Equal(500, item.WaitUs(0.5), 9);
    }

    [Fact]
    public void The_excess_over_the_mean_grows_as_the_square_root_of_the_count()
    {
        double sigma = 300 / StandardNormal.Quantile(0.99);
        var total = QueueLoad.Empty;
        for (int i = 0; i < 4; i++)
        {
            total += new QueueLoad(1, 500, sigma * sigma);
        }

        Assert.Equal(2000 + (2 * 300), total.WaitUs(0.99), 9);
    }

    [Theory]
    [InlineData(-1, 0, 0)]
    [InlineData(1, -1, 0)]
    [InlineData(1, double.NaN, 0)]
    [InlineData(1, 0, double.PositiveInfinity)]
    public void Invalid_loads_are_rejected(int count, double mean, double variance) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new QueueLoad(count, mean, variance));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(double.NaN)]
    public void The_quantile_must_be_inside_zero_and_one(double q) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new QueueLoad(1, 1, 1).WaitUs(q));
}
