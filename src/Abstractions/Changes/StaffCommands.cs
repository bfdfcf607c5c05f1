using CrmActors.Scoring;
using CrmActors.Scoring.Events;

namespace CrmActors.Abstractions.Changes;

/// <summary>§3.2: a relationship manager (or admin) sets the service star. Journaled like any event, so the setting
/// and its audit entry survive any crash once the command is answered.</summary>
[GenerateSerializer, Immutable, Alias("crm.SetManualStar")]
public sealed record SetManualStar : CustomerChange
{
    [Id(0)] public required Star Star { get; init; }
    [Id(1)] public required string Reason { get; init; }
    [Id(2)] public required string SetBy { get; init; }
    [Id(3)] public DateTimeOffset? ExpiresAt { get; init; }

    protected override CustomerEvent Domain() => new ManualStarSet(ChangeId, OccurredAt, Star, Reason, SetBy, ExpiresAt);
}

/// <summary>§3.2: the manual setting is cleared.</summary>
[GenerateSerializer, Immutable, Alias("crm.ClearManualStar")]
public sealed record ClearManualStar : CustomerChange
{
    [Id(0)] public required string ClearedBy { get; init; }

    protected override CustomerEvent Domain() => new ManualStarCleared(ChangeId, OccurredAt, ClearedBy);
}
