using CrmActors.Scoring.Tests.Support;

namespace CrmActors.Scoring.Tests.Scenarios;

/// <summary>star-model.md §6: every published worked example, through the library. "Now" is mid-June 2026, so the
/// last rating day is 1 June and the current window is the 183 days ending today.</summary>
public sealed class WorkedExamplesTests
{
    private static readonly DateTimeOffset Now = Bank.At(2026, 6, 15, 10, 0);
    private static readonly DateTimeOffset LongAgo = Bank.At(2025, 9, 1, 9, 0);   // before every window in play

    private readonly ManualClock _clock = new(Now);
    private readonly EventFactory _events = new();

    [Fact]
    public void Example1_demand_savings_of_300000_for_the_whole_window_earn_4050_points_and_5_stars()
    {
        var ledger = Bank.Ledger(_clock);
        ledger.Apply(_events.Balance(LongAgo, 300_000m, indicator: BalanceIndicator.ShortTermAssets));

        var standing = ledger.Standing();
        Assert.Equal(4_050m, standing.Points);                       // 30 × 135
        Assert.Equal(4_050m, standing.Breakdown.ShortTermAssets);
        Assert.Equal(Star.Five, standing.ContributionStar);
        Assert.Equal(Star.Five, standing.ServiceStar);
    }

    [Fact]
    public void Example2_pos_spending_of_2000_alone_earns_80_points_and_3_stars()
    {
        var ledger = Bank.Ledger(_clock);
        ledger.Apply(_events.Fee(Bank.At(2026, 3, 10, 14, 30), 2_000m, FeeBusinessType.CardSpending));

        var standing = ledger.Standing();
        Assert.Equal(80m, standing.Points);                          // 0.2 × 400
        Assert.Equal(80m, standing.Breakdown.CardSpending);
        Assert.Equal(Star.Three, standing.ContributionStar);
        Assert.Equal(Star.Three, standing.ServiceStar);
    }

    [Fact]
    public void Example3_a_mortgage_of_1000000_and_time_deposits_of_200000_earn_12000_points_and_6_stars()
    {
        var ledger = Bank.Ledger(_clock);
        ledger.Apply(
            _events.Balance(LongAgo, 1_000_000m, "LOAN-1", BalanceIndicator.Mortgage),
            _events.Balance(LongAgo, 200_000m, "TD-1", BalanceIndicator.LongTermAssets));

        var standing = ledger.Standing();
        Assert.Equal(10_000m, standing.Breakdown.Mortgage);          // 100 × 100
        Assert.Equal(2_000m, standing.Breakdown.LongTermAssets);     // 20 × 100
        Assert.Equal(12_000m, standing.Points);
        Assert.Equal(Star.Six, standing.ContributionStar);
        Assert.Equal(Star.Six, standing.ServiceStar);
    }

    [Fact]
    public void Example4_a_fund_purchase_lifting_480_points_to_500_makes_the_service_star_4_at_once_and_the_contribution_star_next_rating_day()
    {
        var ledger = Bank.Ledger(_clock);
        ledger.Apply(_events.Balance(LongAgo, 48_000m, "TD-1", BalanceIndicator.LongTermAssets));   // 480 points
        Assert.Equal(480m, ledger.Standing().Points);
        Assert.Equal(Star.Three, ledger.Standing().ServiceStar);

        var bought = Now.AddMinutes(5);
        _clock.Set(bought);
        var update = ledger.Apply(_events.Fee(bought, 1_000m, FeeBusinessType.Investment));        // +20 at full fee

        var change = Assert.Single(update.StarChanges);
        Assert.Equal((Star.Three, Star.Four, StarChangeCause.Points), (change.OldStar, change.NewStar, change.Cause));
        Assert.Equal(bought, change.At);
        Assert.Equal(500m, change.Points);
        var standing = ledger.Standing();
        Assert.Equal(500m, standing.Points);
        Assert.Equal(Star.Four, standing.ServiceStar);
        Assert.Equal(Star.Three, standing.ContributionStar);         // §2: changes only on a rating day

        _clock.Set(Bank.At(2026, 7, 1, 0, 0, 1));
        ledger.Refresh();
        Assert.Equal(Star.Four, ledger.Standing().ContributionStar);
    }

    [Fact]
    public void Example5_a_quasi_star_customer_opening_a_gold_credit_card_is_served_at_5_stars_at_once()
    {
        var ledger = Bank.Ledger(_clock);
        ledger.Apply(_events.Balance(LongAgo, 4_000m, "TD-1", BalanceIndicator.LongTermAssets));    // 40 points
        Assert.Equal(40m, ledger.Standing().Points);

        var opened = Now.AddMinutes(5);
        _clock.Set(opened);
        var update = ledger.Apply(_events.Open(opened, ProductType.GoldCreditCard));

        var change = Assert.Single(update.StarChanges);
        Assert.Equal((Star.Quasi, Star.Five, StarChangeCause.Product), (change.OldStar, change.NewStar, change.Cause));
        var standing = ledger.Standing();
        Assert.Equal(Star.Five, standing.ServiceStar);
        Assert.Equal(StarChangeCause.Product, standing.ServiceStarCause);
        Assert.Equal(Star.Quasi, standing.ContributionStar);
        Assert.Equal(40m, standing.Points);
    }

    [Fact]
    public void Example6_183000_deposited_on_the_last_day_of_an_empty_window_adds_1000_to_the_daily_average_and_13_5_points()
    {
        var ledger = Bank.Ledger(_clock);
        Assert.Equal(0m, ledger.Standing().Points);

        ledger.Apply(_events.Balance(Now.AddHours(-1), 183_000m, indicator: BalanceIndicator.ShortTermAssets));

        var standing = ledger.Standing();
        Assert.Equal(13.5m, standing.Breakdown.ShortTermAssets);     // 183,000 / 183 days = 1,000 a day → 0.1 × 135
        Assert.Equal(13.5m, standing.Points);
        Assert.Equal(Star.Quasi, standing.ServiceStar);
    }
}
