using CrmActors.Abstractions.Changes;
using CrmActors.Scoring;

namespace CrmActors.Api.Tests.Journal;

/// <summary>The journal's stored form (<see cref="ChangeCodec"/>): every kind of change comes back as it went in, the
/// content hash ignores only what the contract ignores (trailing zeros, the offset of an instant), and no choice of
/// characters makes two different changes share a hash.</summary>
public sealed class ChangeCodecTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 20, 10, 0, 0, TimeSpan.FromHours(8));

    public static TheoryData<CustomerChange> Changes() =>
    [
        new BalanceEvent { CustomerId = "客户-1", Producer = "cards", ChangeId = "e,1", OccurredAt = At, AccountId = "A|1", Indicator = BalanceIndicator.Mortgage, Balance = 1_000_000_000_000m },
        new FeeBusinessEvent { CustomerId = "c", Producer = "p", ChangeId = "e2", OccurredAt = At, Business = FeeBusinessType.Settlement, Amount = 0.01m, BusinessCode = null, FeeShare = 0.1234m },
        new FeeBusinessEvent { CustomerId = "c", Producer = "p", ChangeId = "e3", OccurredAt = At, Business = FeeBusinessType.Investment, Amount = 12m, BusinessCode = "" + "FND;01" },
        new ProductEvent { CustomerId = "c", Producer = "p", ChangeId = "e4", OccurredAt = At, Product = ProductType.PrivateBanking, Action = ProductAction.Closed },
        new BranchVisitEvent { CustomerId = "c", Producer = "p", ChangeId = "😀", OccurredAt = At, BranchId = "网点", Channel = VisitChannel.Kiosk },
        new ProfileEvent { CustomerId = "c", Producer = "p", ChangeId = "e6", OccurredAt = At, HomeBranchId = "B1", ManagerId = null, DisplayName = "" },
        new SetManualStar { CustomerId = "c", Producer = CustomerChange.Staff, ChangeId = "m1", OccurredAt = At, Star = Star.Seven, Reason = "r", SetBy = "rm", ExpiresAt = At.AddDays(3) },
        new ClearManualStar { CustomerId = "c", Producer = CustomerChange.Staff, ChangeId = "m2", OccurredAt = At, ClearedBy = "rm" },
    ];

    [Theory]
    [MemberData(nameof(Changes))]
    public void Every_kind_of_change_round_trips(CustomerChange change)
    {
        var back = ChangeCodec.Decode(ChangeCodec.Encode(change));

        Assert.Equal(change, back);
        Assert.Equal(change.GetType(), back.GetType());
        Assert.Equal(TimeSpan.Zero, back.OccurredAt.Offset);                 // stored as UTC ticks
    }

    [Fact]
    public void The_same_content_written_otherwise_hashes_alike_and_any_other_content_does_not()
    {
        var fee = new FeeBusinessEvent { CustomerId = "c", Producer = "p", ChangeId = "e", OccurredAt = At, Business = FeeBusinessType.CardSpending, Amount = 100m };

        Assert.Equal(ChangeCodec.HashOf(fee), ChangeCodec.HashOf(fee with { Amount = 100.00m, OccurredAt = At.ToOffset(TimeSpan.Zero) }));
        Assert.NotEqual(ChangeCodec.HashOf(fee), ChangeCodec.HashOf(fee with { Amount = 100.01m }));
        Assert.NotEqual(ChangeCodec.HashOf(fee), ChangeCodec.HashOf(fee with { BusinessCode = "" }));   // absent is not empty
    }

    [Fact]
    public void Separators_inside_strings_cannot_make_two_changes_collide()
    {
        var a = new FeeBusinessEvent { CustomerId = "a", Producer = "p,q", ChangeId = "r", OccurredAt = At, Business = FeeBusinessType.CardSpending, Amount = 1m };
        var b = a with { Producer = "p", ChangeId = "q,r" };
        var c = a with { CustomerId = "a\u001fp", Producer = "q" };

        Assert.Equal(3, new[] { a, b, c }.Select(ChangeCodec.HashOf).Distinct().Count());
        Assert.NotEqual(EventIdHash.Of(a.Producer, a.ChangeId), EventIdHash.Of(b.Producer, b.ChangeId));
    }
}
