using CrmActors.Scoring;
using CrmActors.Scoring.Events;

namespace CrmActors.Abstractions;

/// <summary>One event as the contract defines it (flat, discriminated by <see cref="Type"/>), after validation.
/// It is what the API accepts, what the journal stores and what a customer grain receives.</summary>
[GenerateSerializer, Immutable, Alias("crm.IngestedEvent")]
public sealed record IngestedEvent(
    [property: Id(0)] string EventId,
    [property: Id(1)] string CustomerId,
    [property: Id(2)] DateTimeOffset OccurredAt,
    [property: Id(3)] CustomerEventType Type,
    [property: Id(4)] string? AccountId = null,
    [property: Id(5)] BalanceIndicator? Indicator = null,
    [property: Id(6)] decimal? Balance = null,
    [property: Id(7)] FeeBusinessType? Business = null,
    [property: Id(8)] decimal? Amount = null,
    [property: Id(9)] string? BusinessCode = null,
    [property: Id(10)] decimal? FeeShare = null,
    [property: Id(11)] ProductType? Product = null,
    [property: Id(12)] ProductAction? Action = null,
    [property: Id(13)] string? BranchId = null,
    [property: Id(14)] VisitChannel? Channel = null,
    [property: Id(15)] string? HomeBranchId = null,
    [property: Id(16)] string? ManagerId = null,
    [property: Id(17)] string? DisplayName = null)
{
    /// <summary>The scoring library's form of this event. Call only on a validated event.</summary>
    public CustomerEvent ToDomain() => Type switch
    {
        CustomerEventType.Balance => new BalanceReported(EventId, OccurredAt, AccountId!, Indicator!.Value, Balance!.Value),
        CustomerEventType.FeeBusiness => new FeeBusinessTransacted(EventId, OccurredAt, Business!.Value, Amount!.Value, BusinessCode, FeeShare ?? 1m),
        CustomerEventType.Product => new ProductChanged(EventId, OccurredAt, Product!.Value, Action!.Value),
        CustomerEventType.BranchVisit => new BranchVisited(EventId, OccurredAt, BranchId!, Channel!.Value),
        CustomerEventType.Profile => new ProfileUpdated(EventId, OccurredAt, HomeBranchId!, ManagerId, DisplayName),
        _ => throw new InvalidOperationException($"Unknown event type {Type}."),
    };
}
