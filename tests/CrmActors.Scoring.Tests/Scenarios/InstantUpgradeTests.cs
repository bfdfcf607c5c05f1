using CrmActors.Scoring.Tests.Support;

namespace CrmActors.Scoring.Tests.Scenarios;

/// <summary>§3.1 Decision: real-time points crossing a higher threshold lift the service star at once, while the
/// contribution star (§2) waits for the next rating day. §1 Decision (window): today's balance counts as today's
/// end of day, so a deposit's weight in the average grows day by day.</summary>
public sealed class InstantUpgradeTests
{
    private static readonly DateTimeOffset Deposit = Bank.At(2026, 6, 15, 10, 0);

    [Fact]
    public void A_points_upgrade_is_instant_and_the_contribution_star_follows_on_the_rating_day()
    {
        var clock = new ManualClock(Deposit.AddHours(-1));
        var events = new EventFactory();
        var ledger = Bank.Ledger(clock);
        ledger.Apply(events.Balance(Bank.At(2025, 9, 1), 6_000m, "TD-1", BalanceIndicator.LongTermAssets));   // 60: 3 stars

        clock.Set(Deposit);
        // 6,000,000 for one day of 183: 6,000,000 × 135 / 1,830,000 = 442.62… → 502.62 points: 4 stars now.
        var change = Assert.Single(ledger.Apply(events.Balance(Deposit, 6_000_000m, "SAV-1")).StarChanges);
        Assert.Equal((Star.Three, Star.Four, StarChangeCause.Points), (change.OldStar, change.NewStar, change.Cause));
        Assert.Equal(Deposit, change.At);
        Assert.Equal(Star.Three, ledger.Standing().ContributionStar);

        // Day 5 of the deposit (19 June) takes the points past 2,000: the upgrade happens at that day's 00:00.
        clock.Set(Bank.At(2026, 6, 20, 9, 0));
        var dayStart = Assert.Single(ledger.Refresh());
        Assert.Equal((Star.Four, Star.Five, StarChangeCause.Points), (dayStart.OldStar, dayStart.NewStar, dayStart.Cause));
        Assert.Equal(Bank.Midnight(2026, 6, 19), dayStart.At);
        Assert.Equal(Star.Three, ledger.Standing().ContributionStar);

        // 1 July rates June: 16 days of the deposit → 7,081.97 + 60 points: 5 stars.
        clock.Set(Bank.At(2026, 7, 1, 8, 0));
        ledger.Refresh();
        var standing = ledger.Standing();
        Assert.Equal(Star.Five, standing.ContributionStar);
        Assert.Equal(Star.Five, standing.ServiceStar);
    }
}
