using Fpx.Policy.Profiles;

namespace Fpx.Policy.Tests.Profiles;

public class UtilitySpecTests
{
    [Theory]
    [InlineData(0, 1000, 1)]
    [InlineData(999.999, 1000, 1)]
    [InlineData(1000, 1000, 1)]
    [InlineData(1000.001, 1000, 0)]
    [InlineData(0, 0, 1)]
    [InlineData(1e12, double.PositiveInfinity, 1)]
    public void Hard_is_one_up_to_and_including_the_budget(double latency, double budget, double expected) =>
        Assert.Equal(expected, UtilitySpec.Hard.Evaluate(latency, budget));

    [Theory]
    [InlineData(0, 1000, 1)]
    [InlineData(250, 1000, 0.75)]
    [InlineData(1000, 1000, 0)]
    [InlineData(0, 0, 0)]
    [InlineData(500, double.PositiveInfinity, 1)]
    public void Linear_falls_to_zero_at_the_budget_by_default(double latency, double budget, double expected) =>
        Assert.Equal(expected, UtilitySpec.Linear().Evaluate(latency, budget), 12);

    [Theory]
    [InlineData(500, 10_000, 0.75)]
    [InlineData(2000, 10_000, 0)]
    [InlineData(3000, 10_000, 0)]
    [InlineData(500, 400, 0)]
    public void Linear_with_zero_at_uses_it_and_still_stops_at_the_budget(double latency, double budget, double expected) =>
        Assert.Equal(expected, UtilitySpec.Linear(2000).Evaluate(latency, budget), 12);

    [Theory]
    [InlineData(0, 1)]
    [InlineData(300, 0.5)]
    [InlineData(600, 0.25)]
    [InlineData(3000, 0.0009765625)]
    public void Exponential_halves_every_half_life(double latency, double expected) =>
        Assert.Equal(expected, UtilitySpec.Exponential(300).Evaluate(latency, 5000), 12);

    [Fact]
    public void Exponential_is_zero_past_the_budget() =>
        Assert.Equal(0, UtilitySpec.Exponential(300).Evaluate(301, 300));

    [Fact]
    public void Nan_latency_has_no_value()
    {
        Assert.Equal(0, UtilitySpec.Hard.Evaluate(double.NaN, 1000));
        Assert.Equal(0, UtilitySpec.Linear().Evaluate(double.NaN, 1000));
    }

    [Fact]
    public void Invalid_parameters_name_their_field()
    {
        Assert.Equal("zero_at_us", Assert.Throws<ProfileValidationException>(() => UtilitySpec.Linear(-1)).Path);
        Assert.Equal("zero_at_us", Assert.Throws<ProfileValidationException>(() => UtilitySpec.Linear(double.PositiveInfinity)).Path);
        Assert.Equal("half_life_us", Assert.Throws<ProfileValidationException>(() => UtilitySpec.Exponential(0)).Path);
    }
}
