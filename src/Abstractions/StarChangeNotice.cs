using CrmActors.Scoring;

namespace CrmActors.Abstractions;

/// <summary>A change of service star (§3), as published to screens and kept in the customer's history.</summary>
[GenerateSerializer, Immutable, Alias("crm.StarChangeNotice")]
public sealed record StarChangeNotice(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] Star OldStar,
    [property: Id(2)] Star NewStar,
    [property: Id(3)] StarChangeCause Cause,
    [property: Id(4)] decimal Points,
    [property: Id(5)] IndicatorPoints Breakdown,
    [property: Id(6)] DateTimeOffset At,
    [property: Id(7)] string? Reason = null,
    [property: Id(8)] string? ChangedBy = null,
    [property: Id(9)] string? HomeBranchId = null,
    [property: Id(10)] string? ManagerId = null,
    [property: Id(11)] string? DisplayName = null,
    [property: Id(12)] string? RuleVersion = null)
{
    /// <summary>When the customer grain decided this change (wall clock, UTC — not the business clock, which tests move by
    /// hand): where the push latency of <c>crm_push_duration_seconds</c> is measured from. Default where unknown.</summary>
    [Id(13)] public DateTime DecidedAt { get; init; }
}
