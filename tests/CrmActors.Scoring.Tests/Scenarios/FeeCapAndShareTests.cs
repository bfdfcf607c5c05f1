using CrmActors.Scoring.Tests.Support;

namespace CrmActors.Scoring.Tests.Scenarios;

/// <summary>§1 fee-business adjustments: a transaction counts min(amount, cap) × the share of the standard fee
/// charged. Caps are per business code (the test table caps FUND-SUB at 50,000); no code, or a code not in the
/// table, counts in full; free of charge (share 0) counts nothing.</summary>
public sealed class FeeCapAndShareTests
{
    private static readonly DateTimeOffset Now = Bank.At(2026, 6, 15, 10, 0);
    private readonly ManualClock _clock = new(Now);
    private readonly EventFactory _events = new();

    [Theory]
    [InlineData(80_000, "FUND-SUB", 1, 1_000)]   // capped: 50,000 × 200 / 10,000
    [InlineData(50_000, "FUND-SUB", 1, 1_000)]   // exactly at the cap
    [InlineData(40_000, "FUND-SUB", 1, 800)]     // below the cap: in full
    [InlineData(80_000, null, 1, 1_600)]         // no business code: no cap
    [InlineData(80_000, "NOT-IN-TABLE", 1, 1_600)]
    [InlineData(10_000, null, 0.6, 120)]         // charged 60 % of the standard fee: counts 60 %
    [InlineData(80_000, "FUND-SUB", 0.6, 600)]   // cap first, then the share: 50,000 × 0.6
    [InlineData(10_000, null, 0, 0)]             // free of charge by policy
    public void Investment_counts_the_capped_amount_times_the_fee_share(
        double amount, string? code, double share, double expectedPoints)
    {
        var ledger = Bank.Ledger(_clock);
        ledger.Apply(_events.Fee(Now.AddHours(-2), (decimal)amount, FeeBusinessType.Investment, code, (decimal)share));

        var standing = ledger.Standing();
        Assert.Equal((decimal)expectedPoints, standing.Breakdown.Investment);
        Assert.Equal((decimal)expectedPoints, standing.Points);
    }

    [Fact]
    public void A_share_is_applied_to_each_business_at_its_own_rate()
    {
        var ledger = Bank.Ledger(_clock);
        ledger.Apply(
            _events.Fee(Now.AddHours(-3), 1_000m, FeeBusinessType.CardSpending, feeShare: 0.5m),   // 500 × 400
            _events.Fee(Now.AddHours(-2), 30_000m, FeeBusinessType.Settlement, "REMIT-X", 0.25m)); // 20,000 × 0.25 × 200

        var standing = ledger.Standing();
        Assert.Equal(20m, standing.Breakdown.CardSpending);
        Assert.Equal(100m, standing.Breakdown.Settlement);
        Assert.Equal(120m, standing.Points);
    }

    [Fact]
    public void A_free_of_charge_transaction_alone_leaves_the_customer_not_rated()
    {
        var ledger = Bank.Ledger(_clock);
        var update = ledger.Apply(_events.Fee(Now.AddHours(-2), 99_999.99m, FeeBusinessType.CardSpending, feeShare: 0m));

        Assert.Equal(1, update.Applied);
        var standing = ledger.Standing();
        Assert.Equal(0m, standing.Points);
        Assert.Equal(Star.Unrated, standing.ServiceStar);
        Assert.Equal(Star.Unrated, standing.ContributionStar);
        Assert.Empty(update.StarChanges);
    }
}
