using CrmActors.Scoring.Tests.Support;

namespace CrmActors.Scoring.Tests.Scenarios;

/// <summary>§3.3 Decision: downgrades wait for the rating day. When points fall mid-month (an old transaction
/// leaves the window) the service star stays up for the rest of the month and falls on the rating day, cause
/// RatingDay; the contribution star (§2) changes on that day too.</summary>
public sealed class RatingDayDowngradeTests
{
    [Fact]
    public void The_service_star_stays_up_all_month_after_the_points_fall_and_falls_on_the_rating_day()
    {
        var clock = new ManualClock(Bank.At(2026, 6, 5, 9, 0));
        var events = new EventFactory();
        var ledger = Bank.Ledger(clock);
        ledger.Apply(
            events.Balance(Bank.At(2025, 9, 1), 6_000m, "TD-1", BalanceIndicator.LongTermAssets),      // 60 points
            events.Fee(Bank.At(2025, 12, 10, 15, 0), 150_000m, FeeBusinessType.CardSpending));        // 6,000 points
        var june5 = ledger.Standing();
        Assert.Equal(6_060m, june5.Points);
        Assert.Equal(Star.Five, june5.ContributionStar);
        Assert.Equal(Star.Five, june5.ServiceStar);

        // 10 Dec 2025 is the first day of the window ending 10 June; on 11 June it has left.
        clock.Set(Bank.At(2026, 6, 10, 23, 59, 59));
        Assert.Empty(ledger.Refresh());
        Assert.Equal(6_060m, ledger.Standing().Points);
        clock.Set(Bank.At(2026, 6, 11, 0, 0, 1));
        Assert.Empty(ledger.Refresh());
        Assert.Equal(60m, ledger.Standing().Points);

        clock.Set(Bank.At(2026, 6, 30, 23, 59, 59));
        Assert.Empty(ledger.Refresh());
        var june30 = ledger.Standing();
        Assert.Equal(Star.Five, june30.ServiceStar);
        Assert.Equal(Star.Five, june30.ContributionStar);

        clock.Set(Bank.At(2026, 7, 1, 0, 0, 1));
        var change = Assert.Single(ledger.Refresh());
        Assert.Equal((Star.Five, Star.Three, StarChangeCause.RatingDay), (change.OldStar, change.NewStar, change.Cause));
        Assert.Equal(Bank.Midnight(2026, 7, 1), change.At);
        Assert.False(change.IsUpgrade);
        var july = ledger.Standing();
        Assert.Equal(Star.Three, july.ContributionStar);
        Assert.Equal(Star.Three, july.ServiceStar);
        // The change was the rating day's; what holds the 3 stars up now is the 60 points themselves.
        Assert.Equal(StarChangeCause.Points, july.ServiceStarCause);
    }

    [Fact]
    public void A_ledger_not_touched_for_months_reports_the_rating_day_downgrade_when_it_is_next_used()
    {
        var clock = new ManualClock(Bank.At(2026, 6, 5, 9, 0));
        var events = new EventFactory();
        var ledger = Bank.Ledger(clock);
        ledger.Apply(events.Fee(Bank.At(2025, 12, 10, 15, 0), 150_000m, FeeBusinessType.CardSpending));
        Assert.Equal(Star.Five, ledger.Standing().ServiceStar);

        clock.Set(Bank.At(2026, 9, 14, 12, 0));
        var change = Assert.Single(ledger.Refresh());
        Assert.Equal((Star.Five, Star.Unrated, StarChangeCause.RatingDay), (change.OldStar, change.NewStar, change.Cause));
        Assert.Equal(Bank.Midnight(2026, 7, 1), change.At);
    }
}
