namespace CrmActors.Scoring.Events;

/// <summary>Something that happened to a customer, placed at its business time (§3, arrival order).</summary>
/// <param name="EventId">The producer's idempotency key.</param>
/// <param name="OccurredAt">Business time; the event counts from this instant on, whatever its arrival order.</param>
public abstract record CustomerEvent(string EventId, DateTimeOffset OccurredAt);

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
