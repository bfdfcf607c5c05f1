using CrmActors.Scoring;
using CrmActors.Scoring.Events;

namespace CrmActors.Simulator.Events;

/// <summary>The contract's event <c>type</c>.</summary>
public enum SimEventType : byte
{
    Balance,
    FeeBusiness,
    Product,
    BranchVisit,
    Profile,
}

/// <summary>One event exactly as the contract's JSON carries it (contract "Ingesting events"): flat, discriminated by
/// <see cref="Type"/>. The simulator writes, sends and reads back this form, and turns it into the pure library's
/// <see cref="CustomerEvent"/> for the oracle.</summary>
public sealed record SimEvent(
    string EventId,
    string CustomerId,
    DateTimeOffset OccurredAt,
    SimEventType Type,
    string? AccountId = null,
    BalanceIndicator? Indicator = null,
    decimal? Balance = null,
    FeeBusinessType? Business = null,
    decimal? Amount = null,
    string? BusinessCode = null,
    decimal? FeeShare = null,
    ProductType? Product = null,
    ProductAction? Action = null,
    string? BranchId = null,
    VisitChannel? Channel = null,
    string? HomeBranchId = null,
    string? ManagerId = null,
    string? DisplayName = null)
{
    public static SimEvent BalanceOf(string eventId, string customerId, DateTimeOffset at, string accountId,
        BalanceIndicator indicator, decimal balance) =>
        new(eventId, customerId, at, SimEventType.Balance, AccountId: accountId, Indicator: indicator, Balance: balance);

    public static SimEvent Fee(string eventId, string customerId, DateTimeOffset at, FeeBusinessType business,
        decimal amount, string? businessCode = null, decimal? feeShare = null) =>
        new(eventId, customerId, at, SimEventType.FeeBusiness, Business: business, Amount: amount,
            BusinessCode: businessCode, FeeShare: feeShare);

    public static SimEvent ProductOf(string eventId, string customerId, DateTimeOffset at, ProductType product,
        ProductAction action) =>
        new(eventId, customerId, at, SimEventType.Product, Product: product, Action: action);

    public static SimEvent Visit(string eventId, string customerId, DateTimeOffset at, string branchId, VisitChannel channel) =>
        new(eventId, customerId, at, SimEventType.BranchVisit, BranchId: branchId, Channel: channel);

    public static SimEvent ProfileOf(string eventId, string customerId, DateTimeOffset at, string homeBranchId,
        string? managerId, string? displayName) =>
        new(eventId, customerId, at, SimEventType.Profile, HomeBranchId: homeBranchId, ManagerId: managerId,
            DisplayName: displayName);

    /// <summary>The pure library's form, for the oracle (the same mapping the engine makes after validation).</summary>
    public CustomerEvent ToDomain() => Type switch
    {
        SimEventType.Balance => new BalanceReported(EventId, OccurredAt, AccountId!, Indicator!.Value, Balance!.Value),
        SimEventType.FeeBusiness => new FeeBusinessTransacted(EventId, OccurredAt, Business!.Value, Amount!.Value,
            BusinessCode, FeeShare ?? 1m),
        SimEventType.Product => new ProductChanged(EventId, OccurredAt, Product!.Value, Action!.Value),
        SimEventType.BranchVisit => new BranchVisited(EventId, OccurredAt, BranchId!, Channel!.Value),
        SimEventType.Profile => new ProfileUpdated(EventId, OccurredAt, HomeBranchId!, ManagerId, DisplayName),
        _ => throw new InvalidOperationException($"Unknown event type {Type}."),
    };
}
