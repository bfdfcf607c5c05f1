using CrmActors.Scoring.Events;

namespace CrmActors.Abstractions.Changes;

/// <summary>Every change to a customer, as the journal holds it and the customer grain applies it: the five contract
/// events of a producer (contract "Ingesting events") and the staff commands (contract "Manual adjustment"). A closed
/// family: nothing reaches a customer grain except through the journal as one of these.</summary>
[GenerateSerializer, Immutable, Alias("crm.CustomerChange")]
public abstract record CustomerChange
{
    /// <summary>The bank-wide customer number.</summary>
    [Id(0)] public required string CustomerId { get; init; }

    /// <summary>Who sent it: the ingest API key's producer, or <see cref="Staff"/> for staff commands. Ids are unique
    /// per producer (contract "Extensions": idempotency per producer).</summary>
    [Id(1)] public required string Producer { get; init; }

    /// <summary>The producer's <c>eventId</c>, or the command's own id.</summary>
    [Id(2)] public required string ChangeId { get; init; }

    /// <summary>Business time (events) or the moment the command was accepted (commands).</summary>
    [Id(3)] public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The producer of staff commands; not a valid API-key producer name, so never confused with one.</summary>
    public const string Staff = "@staff";

    /// <summary>The scoring library's form of this change.</summary>
    public CustomerEvent ToDomain() => Domain() with { Producer = Producer };

    protected abstract CustomerEvent Domain();
}
