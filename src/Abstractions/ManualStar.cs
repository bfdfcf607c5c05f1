using CrmActors.Scoring;

namespace CrmActors.Abstractions;

/// <summary>A relationship manager's star setting (§3.2), as requested and as held.</summary>
[GenerateSerializer, Immutable, Alias("crm.ManualStar")]
public sealed record ManualStar(
    [property: Id(0)] Star Star,
    [property: Id(1)] string Reason,
    [property: Id(2)] DateTimeOffset? ExpiresAt,
    [property: Id(3)] string SetBy,
    [property: Id(4)] DateTimeOffset? SetAt = null);
