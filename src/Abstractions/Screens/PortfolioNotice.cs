using System.Collections.Immutable;
using CrmActors.Scoring;

namespace CrmActors.Abstractions.Screens;

/// <summary>A service-star change of a customer in a relationship manager's portfolio, numbered per portfolio.</summary>
/// <param name="Seq">The portfolio's sequence number of this notification.</param>
/// <param name="At">The change's time (business clock).</param>
[GenerateSerializer, Immutable, Alias("crm.PortfolioNotice")]
public sealed record PortfolioNotice(
    [property: Id(0)] string ManagerId,
    [property: Id(1)] long Seq,
    [property: Id(2)] string CustomerId,
    [property: Id(3)] string? DisplayName,
    [property: Id(4)] Star OldStar,
    [property: Id(5)] Star NewStar,
    [property: Id(6)] StarChangeCause Cause,
    [property: Id(7)] decimal Points,
    [property: Id(8)] IndicatorPoints Breakdown,
    [property: Id(9)] DateTimeOffset At,
    [property: Id(10)] Star? NextStar,
    [property: Id(11)] decimal? PointsNeeded,
    [property: Id(12)] string? Reason,
    [property: Id(13)] string? ChangedBy)
{
    /// <summary>When the customer grain decided the change (wall clock, UTC — not the business clock, which tests move by
    /// hand): where the push latency of <c>crm_push_duration_seconds</c> is measured from. Default where unknown.</summary>
    [Id(14)] public DateTime DecidedAt { get; init; }

    public bool IsUpgrade => NewStar > OldStar;
}

/// <summary>The notifications a screen missed after <c>since</c>, oldest first.</summary>
[GenerateSerializer, Immutable, Alias("crm.PortfolioFeed")]
public sealed record PortfolioFeed(
    [property: Id(0)] string ManagerId,
    [property: Id(1)] string Epoch,
    [property: Id(2)] long LastSeq,
    [property: Id(3)] ImmutableArray<PortfolioNotice> Notices,
    [property: Id(4)] bool Complete);

/// <summary>One customer of a portfolio as the relationship-manager desk lists it.</summary>
[GenerateSerializer, Immutable, Alias("crm.PortfolioCustomer")]
public sealed record PortfolioCustomer(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] string? DisplayName,
    [property: Id(2)] Star ServiceStar,
    [property: Id(3)] Star ContributionStar,
    [property: Id(4)] StarChangeCause ServiceStarCause,
    [property: Id(5)] decimal Points,
    [property: Id(6)] Star? NextStar,
    [property: Id(7)] decimal? PointsNeeded,
    [property: Id(8)] ImmutableArray<ProductType> Products,
    [property: Id(9)] string? HomeBranchId);

/// <summary>A customer close to the next star (§5 "opportunities"): points needed as an amount and as a share of the
/// next star's threshold.</summary>
[GenerateSerializer, Immutable, Alias("crm.Opportunity")]
public sealed record Opportunity(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] string? DisplayName,
    [property: Id(2)] Star ServiceStar,
    [property: Id(3)] Star NextStar,
    [property: Id(4)] decimal Points,
    [property: Id(5)] decimal PointsNeeded,
    [property: Id(6)] decimal ShareNeeded);

/// <summary>A portfolio now: every tracked customer's standing and the opportunities, closest first.</summary>
[GenerateSerializer, Immutable, Alias("crm.PortfolioSummary")]
public sealed record PortfolioSummary(
    [property: Id(0)] string ManagerId,
    [property: Id(1)] ImmutableArray<PortfolioCustomer> Customers,
    [property: Id(2)] ImmutableArray<Opportunity> Opportunities,
    [property: Id(3)] DateTimeOffset AsOf);
