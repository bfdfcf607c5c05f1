using CrmActors.Abstractions;
using CrmActors.Scoring;

namespace CrmActors.Grains.Tests;

/// <summary>Contract events for one customer, with unique ids.</summary>
public sealed class EventFactory(string customerId)
{
    private int _sequence;

    public string CustomerId => customerId;

    private string NextId() => $"{customerId}-evt-{++_sequence:D6}";

    public IngestedEvent Balance(DateTimeOffset at, decimal balance, string account = "ACC-1",
        BalanceIndicator indicator = BalanceIndicator.ShortTermAssets) =>
        new(NextId(), customerId, at, CustomerEventType.Balance, AccountId: account, Indicator: indicator, Balance: balance);

    public IngestedEvent Fee(DateTimeOffset at, decimal amount, FeeBusinessType business = FeeBusinessType.CardSpending,
        decimal? feeShare = null) =>
        new(NextId(), customerId, at, CustomerEventType.FeeBusiness, Business: business, Amount: amount, FeeShare: feeShare);

    public IngestedEvent Product(DateTimeOffset at, ProductType product, ProductAction action = ProductAction.Opened) =>
        new(NextId(), customerId, at, CustomerEventType.Product, Product: product, Action: action);

    public IngestedEvent Visit(DateTimeOffset at, string branch) =>
        new(NextId(), customerId, at, CustomerEventType.BranchVisit, BranchId: branch, Channel: VisitChannel.Counter);

    public IngestedEvent Profile(DateTimeOffset at, string homeBranch, string? manager = null, string? name = null) =>
        new(NextId(), customerId, at, CustomerEventType.Profile, HomeBranchId: homeBranch, ManagerId: manager, DisplayName: name);
}
