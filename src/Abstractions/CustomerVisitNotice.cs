using CrmActors.Scoring;

namespace CrmActors.Abstractions;

/// <summary>A customer identified at a branch (§5: card at a counter, a queue kiosk, the lobby), with the
/// standing a teller needs to serve them.</summary>
[GenerateSerializer, Immutable, Alias("crm.CustomerVisitNotice")]
public sealed record CustomerVisitNotice(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] string BranchId,
    [property: Id(2)] VisitChannel Channel,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] CustomerSnapshot Standing)
{
    /// <summary>When the customer grain identified the visit (wall clock, UTC — not the business clock, which tests move by
    /// hand): where the push latency of <c>crm_push_duration_seconds</c> is measured from. Default where unknown.</summary>
    [Id(5)] public DateTime DecidedAt { get; init; }
}
