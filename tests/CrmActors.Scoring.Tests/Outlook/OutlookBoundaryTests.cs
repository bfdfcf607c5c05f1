using CrmActors.Scoring.Tests.Support;

namespace CrmActors.Scoring.Tests.Outlook;

/// <summary>The boundaries of the outlook's definitions (docs/contract-extension-outlook.md), each with figures worked by
/// hand from star-model.md §1–3 and checked against the ledger itself on R.</summary>
public sealed class OutlookBoundaryTests
{
    [Fact]
    public void A_balance_leaving_the_window_before_R_puts_the_customer_at_risk_with_exact_points_and_lift_amounts()
    {
        var clock = new ManualClock(Bank.At(2026, 6, 15, 10, 0));
        var events = new EventFactory();
        var ledger = Bank.Ledger(clock);
        ledger.Apply(
            events.Balance(Bank.At(2025, 6, 1, 9, 0), 1_000_000m, "TD-1", BalanceIndicator.LongTermAssets),
            events.Balance(Bank.At(2026, 1, 10, 9, 0), 0m, "TD-1", BalanceIndicator.LongTermAssets));
        // 1 June: the window [30 Nov, 31 May] held it 41 days → 2,240.44 points → 5 stars.
        Assert.Equal(Star.Five, ledger.Standing().ServiceStar);

        var outlook = ledger.Outlook();
        // R = 1 July, window [30 Dec, 30 Jun]: only 30 Dec .. 9 Jan (11 days) still count.
        Assert.Equal(new DateOnly(2026, 7, 1), outlook.NextRatingDay);
        Assert.Equal(1_000_000m * 11 * 100m / (183 * 10_000m), outlook.ProjectedPoints);
        Assert.Equal(Star.Four, outlook.ProjectedContributionStar);
        Assert.Equal(Star.Four, outlook.ProjectedServiceStar);
        Assert.True(outlook.AtRisk);
        Assert.Equal((2_000m * 183 * 10_000m - 1_100_000_000m) / (183 * 10_000m), outlook.PointsToKeep);

        // Target: 6 stars (the star above 5) needs 10,000 × 183 × 10,000 = 1.83·10¹⁰ scaled; 1.1·10⁹ is there.
        // Long-term assets held 15 Jun .. 30 Jun (16 days) at rate 100: 1.72·10¹⁰ / 1,600 = 10,750,000.00 exactly.
        var byIndicator = outlook.LiftOptions.ToDictionary(o => o.Indicator);
        Assert.Equal(10_750_000.00m, byIndicator[StarIndicator.LongTermAssets].Amount);
        Assert.Equal(7_962_962.97m, byIndicator[StarIndicator.ShortTermAssets].Amount);      // / 2,160, rounded up
        Assert.Equal(234_972.68m, byIndicator[StarIndicator.CardSpending].Amount);           // / (183 × 400)
        Assert.Equal(469_945.36m, byIndicator[StarIndicator.Investment].Amount);             // / (183 × 200)
        Assert.Equal(StarIndicator.CardSpending, outlook.LiftOptions[0].Indicator);          // cheapest first
        Assert.All(outlook.LiftOptions, o => Assert.Equal(Star.Six, o.Star));

        // Exactly on the threshold is enough; a cent less is not — on the ledger itself, on R.
        Assert.Equal(Star.Six, ContributionOnR(10_750_000.00m, StarIndicator.LongTermAssets));
        Assert.Equal(Star.Five, ContributionOnR(10_749_999.99m, StarIndicator.LongTermAssets));
        Assert.Equal(Star.Six, ContributionOnR(234_972.68m, StarIndicator.CardSpending));
        Assert.Equal(Star.Five, ContributionOnR(234_972.67m, StarIndicator.CardSpending));
    }

    private static Star ContributionOnR(decimal amount, StarIndicator indicator)
    {
        var clock = new ManualClock(Bank.At(2026, 6, 15, 10, 0));
        var events = new EventFactory();
        var ledger = Bank.Ledger(clock);
        ledger.Apply(
            events.Balance(Bank.At(2025, 6, 1, 9, 0), 1_000_000m, "TD-1", BalanceIndicator.LongTermAssets),
            events.Balance(Bank.At(2026, 1, 10, 9, 0), 0m, "TD-1", BalanceIndicator.LongTermAssets),
            indicator.IsBalance()
                ? events.Balance(clock.Now, amount, "EXTRA", (BalanceIndicator)(byte)indicator)
                : events.Fee(clock.Now, amount, (FeeBusinessType)((byte)indicator - StarIndicators.BalanceCount)));
        clock.Set(Bank.At(2026, 7, 1, 0, 0, 1));
        return ledger.Standing().ContributionStar;
    }

    [Fact]
    public void A_fee_leaving_the_window_is_out_of_the_projection_and_what_remains_is_exact()
    {
        var clock = new ManualClock(Bank.At(2026, 6, 5, 9, 0));
        var events = new EventFactory();
        var ledger = Bank.Ledger(clock);
        ledger.Apply(
            events.Balance(Bank.At(2025, 9, 1), 6_000m, "TD-1", BalanceIndicator.LongTermAssets),     // 60 points
            events.Fee(Bank.At(2025, 12, 10, 15, 0), 150_000m, FeeBusinessType.CardSpending));       // leaves 11 June
        var outlook = ledger.Outlook();
        Assert.Equal(Star.Five, outlook.CurrentServiceStar);
        Assert.Equal(60m, outlook.ProjectedPoints);
        Assert.Equal(0m, outlook.ProjectedBreakdown.CardSpending);
        Assert.Equal(Star.Three, outlook.ProjectedServiceStar);
        Assert.True(outlook.AtRisk);
        Assert.Equal(1_940m, outlook.PointsToKeep);
        // The rating day agrees: 5 → 3 on 1 July (RatingDayDowngradeTests).
        clock.Set(Bank.At(2026, 7, 1, 0, 0, 1));
        Assert.Equal(Star.Three, ledger.Standing().ServiceStar);
    }

    [Fact]
    public void R_at_a_month_end_is_the_clamped_rating_day_and_its_window_ends_the_day_before()
    {
        // Rating day 31: in November the last day, the 30th.
        var options = Bank.Options(ratingDayOfMonth: 31);
        var clock = new ManualClock(Bank.At(2026, 11, 10, 12, 0));
        var events = new EventFactory();
        var ledger = Bank.Ledger(clock, options);
        // Deposited today, it counts 10 Nov .. 29 Nov: 20 days of the window ending the day before R.
        ledger.Apply(events.Balance(Bank.At(2026, 11, 10, 9, 0), 183_000m));
        var outlook = ledger.Outlook();
        Assert.Equal(new DateOnly(2026, 11, 30), outlook.NextRatingDay);
        Assert.Equal(183_000m * 20 * 135m / (183 * 10_000m), outlook.ProjectedPoints);   // 270 points
        Assert.Equal(Star.Three, outlook.ProjectedContributionStar);

        // On the last day before R, a balance held "from today" counts exactly one day.
        clock.Set(Bank.At(2026, 11, 29, 23, 0));
        var lastDay = ledger.Outlook();
        Assert.Equal(new DateOnly(2026, 11, 30), lastDay.NextRatingDay);
        var shortTerm = lastDay.LiftOptions.Single(o => o.Indicator == StarIndicator.ShortTermAssets);
        Assert.Equal(Star.Four, shortTerm.Star);
        // 4 stars need 500 × 183 × 10,000 = 915,000,000 scaled; 183,000 × 20 × 135 = 494,100,000 are there; one day at 135.
        Assert.Equal(3_117_777.78m, shortTerm.Amount);

        // At 00:00 of R the next rating day is a month on: 31 December.
        clock.Set(Bank.Midnight(2026, 11, 30));
        Assert.Equal(new DateOnly(2026, 12, 31), ledger.Outlook().NextRatingDay);
    }

    [Fact]
    public void A_product_floor_holds_the_star_so_the_customer_is_not_at_risk()
    {
        var clock = new ManualClock(Bank.At(2026, 6, 5, 9, 0));
        var events = new EventFactory();
        var ledger = Bank.Ledger(clock);
        ledger.Apply(
            events.Balance(Bank.At(2025, 9, 1), 6_000m, "TD-1", BalanceIndicator.LongTermAssets),
            events.Fee(Bank.At(2025, 12, 10, 15, 0), 150_000m, FeeBusinessType.CardSpending),
            events.Open(Bank.At(2026, 3, 1), ProductType.GoldCreditCard));
        var outlook = ledger.Outlook();
        Assert.Equal(Star.Three, outlook.ProjectedContributionStar);
        Assert.Equal(Star.Five, outlook.ProjectedServiceStar);
        Assert.False(outlook.AtRisk);
        Assert.Equal(0m, outlook.PointsToKeep);
        Assert.All(outlook.LiftOptions, o => Assert.Equal(Star.Six, o.Star));

        // Closed before R: nothing holds it any more.
        ledger.Apply(events.Close(Bank.At(2026, 6, 5, 9, 0), ProductType.GoldCreditCard));
        Assert.True(ledger.Outlook().AtRisk);
    }

    [Fact]
    public void A_manual_star_in_force_on_R_wins_and_is_shown_and_one_that_expires_before_R_does_not()
    {
        var clock = new ManualClock(Bank.At(2026, 6, 5, 9, 0));
        var events = new EventFactory();
        var ledger = Bank.Ledger(clock);
        ledger.Apply(events.Balance(Bank.At(2025, 9, 1), 300_000m));   // 4,050 points: 5 stars
        ledger.SetManual(Star.Seven, "family office", Bank.At(2026, 7, 1, 0, 0, 1), "rm-m001");

        var held = ledger.Outlook();
        Assert.Equal(Star.Seven, held.CurrentServiceStar);
        Assert.Equal(Star.Five, held.ProjectedContributionStar);
        Assert.Equal(Star.Seven, held.ProjectedServiceStar);
        Assert.Equal("family office", held.ManualAtRatingDay?.Reason);
        Assert.False(held.AtRisk);
        Assert.Empty(held.LiftOptions);   // no star above 7

        // Expiring at 00:00 of R exactly: not in force on R (§3.2: until it expires).
        ledger.SetManual(Star.Seven, "until R", Bank.Midnight(2026, 7, 1), "rm-m001");
        var expiring = ledger.Outlook();
        Assert.Null(expiring.ManualAtRatingDay);
        Assert.Equal(Star.Five, expiring.ProjectedServiceStar);
        Assert.True(expiring.AtRisk);
        Assert.Equal(80_000m - 4_050m, expiring.PointsToKeep);

        // A manual star down is what the customer is served as; the outlook keeps it, nothing at risk.
        ledger.SetManual(Star.Three, "under review", null, "rm-m001");
        var down = ledger.Outlook();
        Assert.Equal(Star.Three, down.ProjectedServiceStar);
        Assert.False(down.AtRisk);
        Assert.Empty(down.LiftOptions);   // the projected contribution star (5) already reaches 4: nothing to add
    }

    [Fact]
    public void A_quasi_customer_with_nothing_left_on_R_needs_the_smallest_shown_amount()
    {
        var clock = new ManualClock(Bank.At(2026, 6, 20, 9, 0));
        var events = new EventFactory();
        var ledger = Bank.Ledger(clock);
        ledger.Apply(events.Fee(Bank.At(2025, 12, 25, 9, 0), 100m));   // 4 points, in June's window, out of July's
        var outlook = ledger.Outlook();
        Assert.Equal(Star.Quasi, outlook.CurrentServiceStar);
        Assert.Equal(Star.Unrated, outlook.ProjectedServiceStar);
        Assert.True(outlook.AtRisk);
        Assert.Equal(0.01m, outlook.PointsToKeep);
    }
}
