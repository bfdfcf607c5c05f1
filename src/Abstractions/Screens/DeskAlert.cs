using System.Collections.Immutable;
using CrmActors.Scoring;

namespace CrmActors.Abstractions.Screens;

/// <summary>Why a branch desk raised an alert (star-model §5).</summary>
public enum DeskAlertKind : byte
{
    /// <summary>A customer at or above the branch's alert level was identified at the branch.</summary>
    Visit = 0,
    /// <summary>A customer seen at the branch within the last hour was upgraded.</summary>
    Upgrade = 1,
}

/// <summary>Where the branch's staff are with an alert. It only moves forward: new → acknowledged → served.</summary>
public enum DeskAlertState : byte
{
    New = 0,
    Acknowledged = 1,
    Served = 2,
}

/// <summary>A VIP alert of one branch desk, as kept by the desk grain and pushed to the branch's screens.</summary>
/// <param name="Seq">The desk's sequence number when the alert was raised; also the alert's id within the branch.</param>
/// <param name="StateSeq">The desk's sequence number of the alert's latest change (= <paramref name="Seq"/> while new).</param>
/// <param name="OccurredAt">The event's time: the visit, or the star change.</param>
/// <param name="RaisedAt">When the desk decided the alert (business clock).</param>
/// <param name="DisplayName">Unmasked; the API masks it for tellers.</param>
[GenerateSerializer, Immutable, Alias("crm.DeskAlert")]
public sealed record DeskAlert(
    [property: Id(0)] string BranchId,
    [property: Id(1)] long Seq,
    [property: Id(2)] long StateSeq,
    [property: Id(3)] DeskAlertKind Kind,
    [property: Id(4)] string CustomerId,
    [property: Id(5)] string? DisplayName,
    [property: Id(6)] DateTimeOffset OccurredAt,
    [property: Id(7)] DateTimeOffset RaisedAt,
    [property: Id(8)] Star ServiceStar,
    [property: Id(9)] Star? OldStar,
    [property: Id(10)] StarChangeCause Cause,
    [property: Id(11)] VisitChannel? Channel,
    [property: Id(12)] decimal Points,
    [property: Id(13)] IndicatorPoints Breakdown,
    [property: Id(14)] Star? NextStar,
    [property: Id(15)] decimal? PointsNeeded,
    [property: Id(16)] ImmutableArray<ProductType> Products,
    [property: Id(17)] string? Reason,
    [property: Id(18)] DeskAlertState State = DeskAlertState.New,
    [property: Id(19)] string? HandledBy = null,
    [property: Id(20)] DateTimeOffset? HandledAt = null)
{
    /// <summary>When the customer grain decided what this alert is about (wall clock, UTC — not the business clock, which tests move by
    /// hand): where the push latency of <c>crm_push_duration_seconds</c> is measured from. Default where unknown.</summary>
    [Id(21)] public DateTime DecidedAt { get; init; }
}

/// <summary>An alert acknowledged or served: every screen of the branch shows it at once.</summary>
/// <param name="Seq">The desk's sequence number of this change.</param>
/// <param name="AlertSeq">The alert's id (<see cref="DeskAlert.Seq"/>).</param>
[GenerateSerializer, Immutable, Alias("crm.DeskAlertHandled")]
public sealed record DeskAlertHandled(
    [property: Id(0)] string BranchId,
    [property: Id(1)] long Seq,
    [property: Id(2)] long AlertSeq,
    [property: Id(3)] DeskAlertState State,
    [property: Id(4)] string HandledBy,
    [property: Id(5)] DateTimeOffset HandledAt);

/// <summary>What a screen missed: the alerts raised or changed after <c>since</c> (newest state of each), in order.</summary>
/// <param name="Epoch">Changes when the desk's memory starts over (storage lost); a screen holding another epoch reloads.</param>
/// <param name="LastSeq">The desk's latest sequence number.</param>
/// <param name="Complete">False when alerts after <c>since</c> were already dropped from the bounded list.</param>
[GenerateSerializer, Immutable, Alias("crm.DeskFeed")]
public sealed record DeskFeed(
    [property: Id(0)] string BranchId,
    [property: Id(1)] string Epoch,
    [property: Id(2)] long LastSeq,
    [property: Id(3)] Star AlertLevel,
    [property: Id(4)] ImmutableArray<DeskAlert> Alerts,
    [property: Id(5)] bool Complete);
