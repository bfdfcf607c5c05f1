using CrmActors.Scoring;
using CrmActors.Scoring.Events;

namespace CrmActors.Abstractions.Changes;

/// <summary>Contract <c>balance</c>: the account's balance right after the event.</summary>
[GenerateSerializer, Immutable, Alias("crm.BalanceEvent")]
public sealed record BalanceEvent : CustomerChange
{
    [Id(0)] public required string AccountId { get; init; }
    [Id(1)] public required BalanceIndicator Indicator { get; init; }
    [Id(2)] public required decimal Balance { get; init; }

    protected override CustomerEvent Domain() => new BalanceReported(ChangeId, OccurredAt, AccountId, Indicator, Balance);
}

/// <summary>Contract <c>feeBusiness</c>; <see cref="FeeShare"/> is 1 when the producer sent none.</summary>
[GenerateSerializer, Immutable, Alias("crm.FeeBusinessEvent")]
public sealed record FeeBusinessEvent : CustomerChange
{
    [Id(0)] public required FeeBusinessType Business { get; init; }
    [Id(1)] public required decimal Amount { get; init; }
    [Id(2)] public string? BusinessCode { get; init; }
    [Id(3)] public decimal FeeShare { get; init; } = 1m;

    protected override CustomerEvent Domain() =>
        new FeeBusinessTransacted(ChangeId, OccurredAt, Business, Amount, BusinessCode, FeeShare);
}

/// <summary>Contract <c>product</c>: opened or closed.</summary>
[GenerateSerializer, Immutable, Alias("crm.ProductEvent")]
public sealed record ProductEvent : CustomerChange
{
    [Id(0)] public required ProductType Product { get; init; }
    [Id(1)] public required ProductAction Action { get; init; }

    protected override CustomerEvent Domain() => new ProductChanged(ChangeId, OccurredAt, Product, Action);
}

/// <summary>Contract <c>branchVisit</c>: the customer identified at a branch.</summary>
[GenerateSerializer, Immutable, Alias("crm.BranchVisitEvent")]
public sealed record BranchVisitEvent : CustomerChange
{
    [Id(0)] public required string BranchId { get; init; }
    [Id(1)] public required VisitChannel Channel { get; init; }

    protected override CustomerEvent Domain() => new BranchVisited(ChangeId, OccurredAt, BranchId, Channel);
}

/// <summary>Contract <c>profile</c>: home branch, relationship manager, display name.</summary>
[GenerateSerializer, Immutable, Alias("crm.ProfileEvent")]
public sealed record ProfileEvent : CustomerChange
{
    [Id(0)] public required string HomeBranchId { get; init; }
    [Id(1)] public string? ManagerId { get; init; }
    [Id(2)] public string? DisplayName { get; init; }

    protected override CustomerEvent Domain() => new ProfileUpdated(ChangeId, OccurredAt, HomeBranchId, ManagerId, DisplayName);
}
