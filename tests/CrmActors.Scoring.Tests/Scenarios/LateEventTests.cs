using CrmActors.Scoring.Tests.Support;

namespace CrmActors.Scoring.Tests.Scenarios;

/// <summary>§3 Decision (arrival order): events are placed at their business time whatever order they arrive in. A
/// late event that lifts a past moment of the current month lifts the service star now (announced now); a late event
/// from before the rating day changes the contribution star (§2 Decision (which rating day)).</summary>
public sealed class LateEventTests
{
    private readonly EventFactory _events = new();

    [Fact]
    public void A_late_deposit_that_lifted_a_past_moment_of_this_month_lifts_the_service_star_now()
    {
        var clock = new ManualClock(Bank.At(2026, 6, 5, 11, 0));
        var ledger = Bank.Ledger(clock);
        ledger.Apply(
            _events.Balance(Bank.At(2025, 9, 1), 6_000m, "TD-1", BalanceIndicator.LongTermAssets),       // 60: 3 stars
            _events.Balance(Bank.At(2026, 6, 5, 11, 0), 0m, "SAV-1"));                                   // SAV-1 emptied
        Assert.Equal(Star.Three, ledger.Standing().ServiceStar);

        // It arrives on 20 June: SAV-1 held 10,000,000 from 10:00 to 11:00 on 5 June. At that moment the balance
        // counted as 5 June's end of day: 10,000,000 × 135 / 1,830,000 = 737.70 + 60 points → 4 stars.
        var now = Bank.At(2026, 6, 20, 16, 0);
        clock.Set(now);
        var update = ledger.Apply(_events.Balance(Bank.At(2026, 6, 5, 10, 0), 10_000_000m, "SAV-1"));

        var change = Assert.Single(update.StarChanges);
        Assert.Equal((Star.Three, Star.Four, StarChangeCause.Points), (change.OldStar, change.NewStar, change.Cause));
        Assert.True(change.IsUpgrade);
        Assert.Equal(now, change.At);                                // announced now, not back-dated
        var standing = ledger.Standing();
        Assert.Equal(60m, standing.Points);                          // the balance ended the day at 0
        Assert.Equal(Star.Four, standing.ServiceStar);
        Assert.Equal(Star.Three, standing.ContributionStar);
    }

    [Fact]
    public void A_late_transaction_from_before_the_rating_day_changes_the_contribution_star()
    {
        var clock = new ManualClock(Bank.At(2026, 6, 20, 16, 0));
        var ledger = Bank.Ledger(clock);
        ledger.Apply(_events.Balance(Bank.At(2025, 9, 1), 6_000m, "TD-1", BalanceIndicator.LongTermAssets));   // 60
        Assert.Equal(Star.Three, ledger.Standing().ContributionStar);

        clock.Advance(TimeSpan.FromMinutes(10));
        var update = ledger.Apply(_events.Fee(Bank.At(2026, 5, 20, 12, 0), 20_000m, FeeBusinessType.CardSpending)); // +800

        Assert.Equal(Star.Four, Assert.Single(update.StarChanges).NewStar);
        var standing = ledger.Standing();
        Assert.Equal(860m, standing.Points);
        Assert.Equal(Star.Four, standing.ContributionStar);
        Assert.Equal(Star.Four, standing.ServiceStar);
    }

    [Fact]
    public void A_late_balance_older_than_the_newest_one_of_its_account_does_not_replace_it()
    {
        var clock = new ManualClock(Bank.At(2026, 6, 20, 16, 0));
        var ledger = Bank.Ledger(clock);
        ledger.Apply(_events.Balance(Bank.At(2025, 9, 1), 100_000m, "SAV-1"));
        var before = ledger.Standing();

        clock.Advance(TimeSpan.FromMinutes(10));
        ledger.Apply(_events.Balance(Bank.At(2025, 8, 1), 9_000_000m, "SAV-1"));   // older than every window

        StandingAssert.Same(before with { AsOf = clock.Now }, ledger.Standing(), "a superseded late balance");
    }
}
