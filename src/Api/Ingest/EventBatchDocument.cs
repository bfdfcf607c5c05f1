using CrmActors.Abstractions;
using CrmActors.Scoring;

namespace CrmActors.Api.Ingest;

/// <summary>The request body of <c>POST /api/v1/events</c>, for the OpenAPI document only: the endpoint reads the
/// body as a JSON DOM (<see cref="EventBatchParser"/>) so it can report every error per event.</summary>
public sealed record EventBatchDocument(IReadOnlyList<EventDocument> Events);

/// <summary>One contract event (contract "Ingesting events"); which fields are required depends on <see cref="Type"/>.</summary>
public sealed record EventDocument(
    string EventId,
    string CustomerId,
    DateTimeOffset OccurredAt,
    CustomerEventType Type,
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
    string? DisplayName = null);
