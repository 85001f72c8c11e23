using Fpx.Policy.Choice;
using Fpx.Policy.Profiles;

namespace Fpx.Policy.Tests.Choice;

public class DelayCostEstimatorTests
{
    [Fact]
    public void There_is_no_price_before_an_arrival_rate_is_known()
    {
        var f = new ChoiceFixture(UtilitySpec.Hard);
        var estimator = new DelayCostEstimator(timeProvider: f.Clock);
        Assert.False(estimator.Snapshot(0, 0).IsActive);
        estimator.RecordRequest(1000, f.Profile, f.Predictor, 0, ChoiceFixture.All);
        Assert.False(estimator.Snapshot(0, 0).IsActive);
        Assert.Equal(0, DelayCost.None.Cost(500, 400));
    }

    [Fact]
    public void Rate_utilization_and_loss_come_from_what_was_recorded()
    {
        // One variant, budgets with exactly 60 µs of slack: a delay of 50 µs costs nothing,
        // one of 100 µs or more costs the whole value (0.93).
        var f = new ChoiceFixture(UtilitySpec.Hard, MissPolicy.Degrade, 0, ("fp4", 0.93, 380));
        var estimator = new DelayCostEstimator(timeProvider: f.Clock);
        double budget = f.ServiceUs("fp4") + 60;
        for (int i = 0; i < 101; i++)
        {
            estimator.RecordRequest(budget, f.Profile, f.Predictor, 0, ["fp4"]);
            estimator.RecordService(400);
            f.Clock.Advance(TimeSpan.FromMicroseconds(1000));
        }

        var cost = estimator.Snapshot(queuedBehind: 3, queuedWorkUs: 1200);
        Assert.Equal(0.001, cost.ArrivalsPerUs, 9);
        Assert.Equal(0.4, cost.Utilization, 9);
        Assert.Equal(0, cost.LossPerRequest(50), 12);
        Assert.Equal(0.93, cost.LossPerRequest(100), 12);
        Assert.Equal(0.93, cost.LossPerRequest(1e6), 12);
        Assert.Equal(0.93 / 2, cost.LossPerRequest(75), 12);

        double affected = 3 + (0.001 * (1200 + 400) / (1 - 0.4));
        Assert.Equal(affected * 0.93, cost.Cost(150, 400), 9);
        Assert.Equal(0, cost.Cost(0, 400));
        Assert.Equal(0, cost.Cost(-5, 400));
    }

    [Fact]
    public void Requests_with_room_to_spare_or_a_faster_fallback_lose_little()
    {
        var f = new ChoiceFixture(UtilitySpec.Hard);
        var estimator = new DelayCostEstimator(timeProvider: f.Clock);
        for (int i = 0; i < 50; i++)
        {
            // fp16 fits with 100 µs to spare, fp8 with far more: a delay costs at most the step to fp8.
            estimator.RecordRequest(f.ServiceUs("fp16") + 100, f.Profile, f.Predictor, 0, ChoiceFixture.All);
            f.Clock.Advance(TimeSpan.FromMicroseconds(1000));
        }

        var cost = estimator.Snapshot(0, 0);
        Assert.Equal(0, cost.LossPerRequest(50), 12);
        Assert.Equal(0.01, cost.LossPerRequest(200), 12);
    }

    [Fact]
    public void Utilization_is_capped_below_one()
    {
        var f = new ChoiceFixture(UtilitySpec.Hard);
        var estimator = new DelayCostEstimator(timeProvider: f.Clock);
        for (int i = 0; i < 10; i++)
        {
            estimator.RecordRequest(1000, f.Profile, f.Predictor, 0, ChoiceFixture.All);
            estimator.RecordService(1000);
            f.Clock.Advance(TimeSpan.FromMicroseconds(100));
        }

        Assert.Equal(0.95, estimator.Snapshot(0, 0).Utilization);
    }

    [Fact]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DelayCostEstimator(0.5));
        var estimator = new DelayCostEstimator();
        Assert.Throws<ArgumentOutOfRangeException>(() => estimator.RecordService(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => estimator.Snapshot(-1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => estimator.Snapshot(0, double.NaN));
        var f = new ChoiceFixture(UtilitySpec.Hard);
        Assert.Throws<ArgumentOutOfRangeException>(() => estimator.RecordRequest(1000, f.Profile, f.Predictor, -1, ChoiceFixture.All));
    }
}
