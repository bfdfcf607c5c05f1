using System.Text.Json.Serialization;
using CrmActors.Api.Domain;
using CrmActors.Api.OpenApi;
using CrmActors.Scoring;

namespace CrmActors.Api.Ingest;

/// <summary>The request body of <c>POST /api/v1/events</c>, for the OpenAPI document only: the endpoint reads the
/// body as a JSON DOM (<see cref="EventBatchParser"/>) so it can report every error per event. The Domain* attributes
/// put the declared domain that <see cref="EventReader"/> checks into the document.</summary>
public sealed record EventBatchDocument([property: DomainBatch(IngestOptions.MaxEventsPerBatch)] IReadOnlyList<EventDocument> Events);

/// <summary>One contract event (contract "Ingesting events"): the fields every event has. Each type's own fields are in
/// its subclass, so the document has one schema per type, chosen by <c>type</c> (a discriminator); the discriminator
/// values are the wire names of <see cref="Abstractions.CustomerEventType"/> (a test checks they match).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(BalanceEventDocument), "balance")]
[JsonDerivedType(typeof(FeeBusinessEventDocument), "feeBusiness")]
[JsonDerivedType(typeof(ProductEventDocument), "product")]
[JsonDerivedType(typeof(BranchVisitEventDocument), "branchVisit")]
[JsonDerivedType(typeof(ProfileEventDocument), "profile")]
public abstract class EventDocument
{
    // Listed before the type's own fields, as the contract lists them.
    [JsonPropertyOrder(-1), DomainText(FieldDomain.EventIdMax, About = "Unique per producer (the API key's identity): the idempotency key.")]
    public required string EventId { get; init; }

    [JsonPropertyOrder(-1), DomainText(FieldDomain.CustomerIdMax, Key = true, About = "The bank-wide customer number.")]
    public required string CustomerId { get; init; }

    [JsonPropertyOrder(-1), DomainBusinessTime(About = "Business time of the event.")]
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary><c>balance</c>: the account's balance right after the event; the newest occurredAt per account wins.</summary>
public sealed class BalanceEventDocument : EventDocument
{
    [DomainText(FieldDomain.AccountIdMax)] public required string AccountId { get; init; }

    public required BalanceIndicator Indicator { get; init; }

    [DomainMoney(MoneyMinimum.Zero)] public required decimal Balance { get; init; }
}

/// <summary><c>feeBusiness</c>: a fee-earning transaction.</summary>
public sealed class FeeBusinessEventDocument : EventDocument
{
    public required FeeBusinessType Business { get; init; }

    [DomainMoney(MoneyMinimum.OneStep)] public required decimal Amount { get; init; }

    [DomainText(FieldDomain.BusinessCodeMax, About = "Selects the fee cap.")]
    public string? BusinessCode { get; init; }

    [DomainFeeShare] public decimal? FeeShare { get; init; }
}

/// <summary><c>product</c>: a product opened or closed.</summary>
public sealed class ProductEventDocument : EventDocument
{
    public required ProductType Product { get; init; }

    public required ProductAction Action { get; init; }
}

/// <summary><c>branchVisit</c>: the customer identified at a branch (a VIP alert when the star is high enough).</summary>
public sealed class BranchVisitEventDocument : EventDocument
{
    [DomainText(FieldDomain.BranchIdMax, Key = true)] public required string BranchId { get; init; }

    public required VisitChannel Channel { get; init; }
}

/// <summary><c>profile</c>: home branch, relationship manager and name.</summary>
public sealed class ProfileEventDocument : EventDocument
{
    [DomainText(FieldDomain.BranchIdMax, Key = true)] public required string HomeBranchId { get; init; }

    [DomainText(FieldDomain.ManagerIdMax, Key = true, About = "The relationship manager.")]
    public string? ManagerId { get; init; }

    [DomainText(FieldDomain.DisplayNameMax, About = "Shown masked to tellers, e.g. 张*明.")]
    public string? DisplayName { get; init; }
}
