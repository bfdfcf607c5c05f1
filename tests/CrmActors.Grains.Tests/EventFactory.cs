using CrmActors.Abstractions.Changes;
using CrmActors.Scoring;

namespace CrmActors.Grains.Tests;

/// <summary>Contract events for one customer, with unique ids, from producer "test".</summary>
public sealed class EventFactory(string customerId)
{
    public const string Producer = "test";
    private int _sequence;

    public string CustomerId => customerId;

    private string NextId() => $"{customerId}-evt-{++_sequence:D6}";

    public BalanceEvent Balance(DateTimeOffset at, decimal balance, string account = "ACC-1",
        BalanceIndicator indicator = BalanceIndicator.ShortTermAssets) =>
        new() { CustomerId = customerId, Producer = Producer, ChangeId = NextId(), OccurredAt = at, AccountId = account, Indicator = indicator, Balance = balance };

    public FeeBusinessEvent Fee(DateTimeOffset at, decimal amount, FeeBusinessType business = FeeBusinessType.CardSpending,
        decimal feeShare = 1m) =>
        new() { CustomerId = customerId, Producer = Producer, ChangeId = NextId(), OccurredAt = at, Business = business, Amount = amount, FeeShare = feeShare };

    public ProductEvent Product(DateTimeOffset at, ProductType product, ProductAction action = ProductAction.Opened) =>
        new() { CustomerId = customerId, Producer = Producer, ChangeId = NextId(), OccurredAt = at, Product = product, Action = action };

    public BranchVisitEvent Visit(DateTimeOffset at, string branch) =>
        new() { CustomerId = customerId, Producer = Producer, ChangeId = NextId(), OccurredAt = at, BranchId = branch, Channel = VisitChannel.Counter };

    public ProfileEvent Profile(DateTimeOffset at, string homeBranch, string? manager = null, string? name = null) =>
        new() { CustomerId = customerId, Producer = Producer, ChangeId = NextId(), OccurredAt = at, HomeBranchId = homeBranch, ManagerId = manager, DisplayName = name };

    public SetManualStar SetManual(DateTimeOffset at, Star star, string reason, string by, DateTimeOffset? expiresAt = null) =>
        new() { CustomerId = customerId, Producer = CustomerChange.Staff, ChangeId = NextId(), OccurredAt = at, Star = star, Reason = reason, SetBy = by, ExpiresAt = expiresAt };

    public ClearManualStar ClearManual(DateTimeOffset at, string by) =>
        new() { CustomerId = customerId, Producer = CustomerChange.Staff, ChangeId = NextId(), OccurredAt = at, ClearedBy = by };
}
