using CrmActors.Scoring.Tests.Support;

namespace CrmActors.Scoring.Tests.Scenarios;

/// <summary>§1 Decision (precision): points are not rounded while accumulating and threshold tests use the
/// unrounded value. A customer whose exact points are 500 is a 4-star customer even where the sum of the eight
/// per-indicator decimals (each rounded by division to 28 digits) comes out a hair below 500.</summary>
public sealed class ExactThresholdTests
{
    [Fact]
    public void Exactly_500_points_made_of_non_terminating_parts_earn_4_stars()
    {
        var now = Bank.At(2026, 6, 15, 10, 0);
        var clock = new ManualClock(now);
        var events = new EventFactory();
        var ledger = Bank.Ledger(clock);
        // Σ daily balances × rate: 27,655.90 × 108 × 135 + 22,105.54 × 105 × 100 + 16,072.92 × 87 × 200
        //   = 403,222,122 + 232,108,170 + 279,668,808 = 915,000,000 = 500 × 183 × 10,000 exactly.
        ledger.Apply(
            events.Balance(Bank.At(2026, 2, 28, 9, 0), 27_655.90m, "SAV-1", BalanceIndicator.ShortTermAssets),   // 108 days
            events.Balance(Bank.At(2026, 3, 3, 9, 0), 22_105.54m, "TD-1", BalanceIndicator.LongTermAssets),       // 105 days
            events.Balance(Bank.At(2026, 3, 21, 9, 0), 16_072.92m, "LOAN-1", BalanceIndicator.OtherLoans));       // 87 days

        var standing = ledger.Standing();
        Assert.True(standing.Points < 500m, $"the rounded parts add up to {standing.Points}");
        Assert.Equal(500m, decimal.Round(standing.Points, 2));
        Assert.Equal(Star.Four, standing.ServiceStar);
        Assert.Equal(StarChangeCause.Points, standing.ServiceStarCause);
    }
}
