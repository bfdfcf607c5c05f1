using CrmActors.Scoring;
using CrmActors.Simulator.Events;
using CrmActors.Simulator.Oracle;

namespace CrmActors.Simulator.Tests;

/// <summary>The oracle is the pure library fed the contract's events: star-model §6 worked examples through it.</summary>
public sealed class OracleTests
{
    private static readonly TimeSpan Bank = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, Bank);

    [Fact]
    public void Demand_savings_of_300000_for_the_whole_window_are_4050_points_and_five_stars()
    {
        var events = new[] { SimEvent.BalanceOf("x1", "C1", Now.AddDays(-400), "A1", BalanceIndicator.ShortTermAssets, 300_000m) };
        var standing = StarOracle.Evaluate(events, Now);
        Assert.Equal(4050.00m, StarOracle.Displayed(standing.Points));
        Assert.Equal(Star.Five, standing.ContributionStar);
        Assert.Equal(Star.Five, standing.ServiceStar);
    }

    [Fact]
    public void Pos_spending_of_2000_is_80_points_and_a_gold_card_lifts_the_service_star_at_once()
    {
        var events = new[]
        {
            SimEvent.Fee("x1", "C1", Now.AddDays(-30), FeeBusinessType.CardSpending, 2_000m, "POS"),
            SimEvent.ProductOf("x2", "C1", Now.AddHours(-1), ProductType.GoldCreditCard, ProductAction.Opened),
        };
        var standing = StarOracle.Evaluate(events, Now);
        Assert.Equal(80.00m, StarOracle.Displayed(standing.Points));
        Assert.Equal(Star.Three, standing.ContributionStar);
        Assert.Equal(Star.Five, standing.ServiceStar);
    }

    [Fact]
    public void Events_read_back_from_their_json_give_the_same_standing()
    {
        var events = new[]
        {
            SimEvent.BalanceOf("x1", "C1", Now.AddDays(-100), "A1", BalanceIndicator.Mortgage, 1_000_000m),
            SimEvent.Fee("x2", "C1", Now.AddDays(-10), FeeBusinessType.Investment, 12_345.67m, "FUND", 0.8m),
            SimEvent.Fee("x3", "C1", Now.AddDays(-9), FeeBusinessType.Settlement, 500m, "REMIT-XBANK", 0m),
        };
        var again = events.Select(e => EventJson.Parse(EventJson.ToUtf8(e))).ToList();
        Assert.Equal(events, again);
        Assert.Equal(StarOracle.Evaluate(events, Now).Points, StarOracle.Evaluate(again, Now).Points);
    }
}
