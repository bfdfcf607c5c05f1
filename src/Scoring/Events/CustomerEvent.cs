namespace CrmActors.Scoring.Events;

/// <summary>Something that happened to a customer, placed at its business time (§3, arrival order). A closed family:
/// the five contract events and the two staff commands of §3.2.</summary>
/// <param name="EventId">The producer's idempotency key.</param>
/// <param name="OccurredAt">Business time; the event counts from this instant on, whatever its arrival order.</param>
public abstract record CustomerEvent(string EventId, DateTimeOffset OccurredAt)
{
    /// <summary>Who sent the event: event ids are unique per producer (contract "Extensions": idempotency per
    /// producer), so the ledger identifies an event by (producer, id). Empty for a producer-less source (tests).</summary>
    public string Producer { get; init; } = "";

    /// <summary>The ledger's identity of this event within one customer: a stable hash of (producer, id).</summary>
    public ulong IdHash => EventIdHash.Of(Producer, EventId);
}

/// <summary>An account's balance right after the event; the newest <c>OccurredAt</c> per account wins.</summary>
public sealed record BalanceReported(
    string EventId, DateTimeOffset OccurredAt, string AccountId, BalanceIndicator Indicator, decimal Balance)
    : CustomerEvent(EventId, OccurredAt);

/// <summary>A fee-business transaction (§1): counted as min(amount, cap) × feeShare.</summary>
public sealed record FeeBusinessTransacted(
    string EventId, DateTimeOffset OccurredAt, FeeBusinessType Business, decimal Amount,
    string? BusinessCode = null, decimal FeeShare = 1m)
    : CustomerEvent(EventId, OccurredAt);

/// <summary>A product opened or closed; held products set floors under the service star (§3.1).</summary>
public sealed record ProductChanged(
    string EventId, DateTimeOffset OccurredAt, ProductType Product, ProductAction Action)
    : CustomerEvent(EventId, OccurredAt);

/// <summary>The customer was identified at a branch (card at a counter, a queue kiosk, the lobby).</summary>
public sealed record BranchVisited(
    string EventId, DateTimeOffset OccurredAt, string BranchId, VisitChannel Channel)
    : CustomerEvent(EventId, OccurredAt);

/// <summary>Who the customer is to the bank: home branch, relationship manager, display name.</summary>
public sealed record ProfileUpdated(
    string EventId, DateTimeOffset OccurredAt, string HomeBranchId, string? ManagerId = null, string? DisplayName = null)
    : CustomerEvent(EventId, OccurredAt);

/// <summary>§3.2: a relationship manager sets the service star, with a reason and an optional expiry. Placed at the
/// moment the command was accepted; of all manual commands of a customer the newest wins.</summary>
public sealed record ManualStarSet(
    string EventId, DateTimeOffset OccurredAt, Star Star, string Reason, string SetBy, DateTimeOffset? ExpiresAt = null)
    : CustomerEvent(EventId, OccurredAt);

/// <summary>§3.2: the manual setting is cleared (the computed star returns).</summary>
public sealed record ManualStarCleared(string EventId, DateTimeOffset OccurredAt, string ClearedBy)
    : CustomerEvent(EventId, OccurredAt);
