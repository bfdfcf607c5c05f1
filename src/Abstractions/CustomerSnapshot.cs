using System.Collections.Immutable;
using CrmActors.Scoring;

namespace CrmActors.Abstractions;

/// <summary>A customer's standing and the facts staff screens and access rules need, as of <see cref="AsOf"/>.</summary>
[GenerateSerializer, Immutable, Alias("crm.CustomerSnapshot")]
public sealed record CustomerSnapshot(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] decimal Points,
    [property: Id(2)] IndicatorPoints Breakdown,
    [property: Id(3)] Star ContributionStar,
    [property: Id(4)] Star ServiceStar,
    [property: Id(5)] StarChangeCause ServiceStarCause,
    [property: Id(6)] Star? NextStar,
    [property: Id(7)] decimal? PointsNeeded,
    [property: Id(8)] ImmutableArray<ProductType> Products,
    [property: Id(9)] ManualStar? Manual,
    [property: Id(10)] string? HomeBranchId,
    [property: Id(11)] string? ManagerId,
    [property: Id(12)] string? DisplayName,
    [property: Id(13)] ImmutableArray<string> VisitedBranches,
    [property: Id(14)] DateTimeOffset AsOf,
    [property: Id(15)] Rules.ShadowStanding? Shadow = null);
